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

    public static readonly Counter<long> MessagesDelivered = Meter.CreateCounter<long>(
        MessagesName, "{message}", "Gotocol messages delivered to nanoservices");

    public static readonly Histogram<double> DeliveryLatency = Meter.CreateHistogram(
        DeliveryLatencyName, "s", "Time from sending a Gotocol message to its delivery",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });

    public static readonly Histogram<double> RequestDuration = Meter.CreateHistogram(
        "spigo.request.duration", "s", "Response time of a driver's request, from sending to the answer",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });

    public static readonly Counter<long> RequestsFailed = Meter.CreateCounter<long>(
        "spigo.requests.failed", "{request}", "Driver requests that failed or timed out");

    public static readonly UpDownCounter<long> Alive = Meter.CreateUpDownCounter<long>(
        "spigo.nanoservices.alive", "{nanoservice}", "Nanoservices that were named and have not said Goodbye");

    public static readonly Counter<long> EdgesDiscovered = Meter.CreateCounter<long>(
        "spigo.edges.discovered", "{edge}", "Dependencies and buddies learned by nanoservices");

    /// <summary>The labels of one nanoservice, built once per activation from its dotted name.</summary>
    public static TagList TagsFor(string name)
    {
        var parts = name.Split('.');
        return parts.Length == 6
            ? new TagList { { "architecture", parts[0] }, { "service", parts[3] }, { "package", parts[4] } }
            : new TagList { { "architecture", "unknown" }, { "service", "unknown" }, { "package", "unknown" } };
    }
}
