using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Spigo.Grains.Hosting;

/// <summary>
/// spigo's instruments, under one meter. Labels are architecture, service and package (and the imposition for
/// messages) — never the instance, which would explode at 100,000 pirates. Each instrument is only fed while
/// something listens (Prometheus, the -c collector), so a plain run pays one boolean test per message.
/// </summary>
public static class SpigoMetrics
{
    public const string MeterName = "Spigo";
    public const string MessagesName = "spigo.gotocol.messages";
    public const string DeliveryLatencyName = "spigo.gotocol.delivery.latency";

    /// <summary>1 µs to 10 s, roughly three buckets a decade.</summary>
    public static readonly double[] LatencyBuckets =
        [1e-6, 2.5e-6, 5e-6, 1e-5, 2.5e-5, 5e-5, 1e-4, 2.5e-4, 5e-4, 1e-3, 2.5e-3, 5e-3, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    public static readonly Meter Meter = new(MeterName, "1.0");

    /// <summary>
    /// One message in this many (per nanoservice, starting with its first) has its delivery latency recorded: a
    /// histogram record on every message cost more than the 10% budget for -c at full speed. Message counts stay exact.
    /// </summary>
    public const int LatencySampling = 8;

    private static readonly ConcurrentDictionary<string, MessageSeries> Series = new(StringComparer.Ordinal);

    /// <summary>
    /// Observed from per-series counts rather than recorded per message: at full speed a synchronous counter's tag
    /// lookup on every message was the largest part of -c's cost.
    /// </summary>
    public static readonly ObservableCounter<long> MessagesDelivered = Meter.CreateObservableCounter(
        MessagesName, () => Series.Values.SelectMany(s => s.Measurements()), "{message}", "Gotocol messages delivered to nanoservices");

    public static readonly Histogram<double> DeliveryLatency = Meter.CreateHistogram(
        DeliveryLatencyName, "s", "Time from sending a Gotocol message to its delivery, sampled one message in 8 per nanoservice",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });

    public static readonly Histogram<double> RequestDuration = Meter.CreateHistogram(
        "spigo.request.duration", "s", "Response time of a driver's request, from sending to the answer",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });

    public static readonly Counter<long> RequestsFailed = Meter.CreateCounter<long>(
        "spigo.requests.failed", "{request}", "Driver requests that failed or timed out");

    public static readonly ObservableUpDownCounter<long> Alive = Meter.CreateObservableUpDownCounter(
        "spigo.nanoservices.alive", () => Series.Values.Select(s => new Measurement<long>(s.Alive, s.Tags)), "{nanoservice}",
        "Nanoservices that were named and have not said Goodbye");

    public static readonly ObservableCounter<long> EdgesDiscovered = Meter.CreateObservableCounter(
        "spigo.edges.discovered", () => Series.Values.Where(s => s.Edges > 0).Select(s => new Measurement<long>(s.Edges, s.Tags)), "{edge}",
        "Dependencies and buddies learned by nanoservices");

    private static readonly ConcurrentDictionary<string, MessageSeries>.AlternateLookup<ReadOnlySpan<char>> SeriesBySpan =
        Series.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>
    /// The message counts of the series a nanoservice belongs to, looked up once per activation. The key is built on
    /// the stack: at 100,000 pirates, splitting every name cost a gen-2 collection or two per run.
    /// </summary>
    public static MessageSeries SeriesFor(string name)
    {
        // arch.region.zone.service.package.instance: the series key is the name without region, zone and instance.
        Span<Range> parts = stackalloc Range[7];
        var span = name.AsSpan();
        if (span.Split(parts, '.') != 6) return SeriesOf("unknown", "unknown", "unknown");
        ReadOnlySpan<char> arch = span[parts[0]], service = span[parts[3]], package = span[parts[4]];
        var length = arch.Length + service.Length + package.Length + 2;
        if (length > 256) return SeriesOf(arch.ToString(), service.ToString(), package.ToString());
        Span<char> key = stackalloc char[length];
        arch.CopyTo(key);
        key[arch.Length] = '|';
        service.CopyTo(key[(arch.Length + 1)..]);
        key[arch.Length + service.Length + 1] = '|';
        package.CopyTo(key[(arch.Length + service.Length + 2)..]);
        return SeriesBySpan.TryGetValue(key, out var series) ? series : SeriesOf(arch.ToString(), service.ToString(), package.ToString());
    }

    private static MessageSeries SeriesOf(string arch, string service, string package) =>
        Series.GetOrAdd(string.Concat(arch, "|", service, "|", package), _ => new MessageSeries(arch, service, package));

    /// <summary>Every series of one architecture, for the -c metrics file.</summary>
    public static IReadOnlyList<MessageSeries> SeriesOf(string arch) => [.. Series.Values.Where(s => s.Arch == arch)];

    /// <summary>The labels of one nanoservice: those of its series.</summary>
    public static TagList TagsFor(string name) => SeriesFor(name).Tags;
}
