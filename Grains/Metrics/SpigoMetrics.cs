using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Spigo.Runs;

namespace Spigo.Grains.Metrics;

/// <summary>
/// One silo's telemetry, a singleton of its container: spigo's instruments under a meter from the silo's
/// <see cref="IMeterFactory"/>, the per-service counts they read, and the -c gathering (figures and flow spans) of the
/// runs it hosts. Labels are architecture, service and package (and the imposition for messages) — never the instance,
/// which would explode at 100,000 pirates. Instruments are only fed while something listens (Prometheus, the -c
/// collector, the viewer), so a plain run pays one boolean test per message. Silos in one process (a test cluster,
/// the embedded silo beside spigo's own web side) each keep their own.
/// </summary>
public sealed class SpigoMetrics
{
    public const string MeterName = "Spigo";
    public const string MessagesName = "spigo.gotocol.messages";
    public const string DeliveryLatencyName = "spigo.gotocol.delivery.latency";

    /// <summary>1 µs to 10 s, roughly three buckets a decade.</summary>
    public static readonly double[] LatencyBuckets =
        [1e-6, 2.5e-6, 5e-6, 1e-5, 2.5e-5, 5e-5, 1e-4, 2.5e-4, 5e-4, 1e-3, 2.5e-3, 5e-3, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    /// <summary>
    /// One message in this many (per nanoservice, starting with its first) has its delivery latency recorded: a
    /// histogram record on every message cost more than the 10% budget for -c at full speed. Message counts stay exact.
    /// </summary>
    public const int LatencySampling = 8;

    private readonly ConcurrentDictionary<string, MessageSeries> _series = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, MessageSeries>.AlternateLookup<ReadOnlySpan<char>> _seriesBySpan;
    private readonly ConcurrentDictionary<(string Arch, string Service, string Dependency), ResilienceSeries> _resilience = new();
    private readonly ConcurrentDictionary<(string Arch, string Service, string Zone, string Dependency, string DependencyZone), EdgeSeries> _edges = new();
    private readonly ConcurrentDictionary<(string Arch, string Service, string Package, string Zone), WorkerSeries> _workers = new();
    private readonly ConcurrentDictionary<string, Gathering> _gathering = new(StringComparer.Ordinal);
    private volatile int _gatherings;

    public SpigoMetrics(IMeterFactory meterFactory)
    {
        _seriesBySpan = _series.GetAlternateLookup<ReadOnlySpan<char>>();
        var meter = meterFactory.Create(MeterName, "1.0");
        // Observed from per-series counts rather than recorded per message: at full speed a synchronous counter's tag
        // lookup on every message was the largest part of -c's cost.
        MessagesDelivered = meter.CreateObservableCounter(MessagesName, () => _series.Values.SelectMany(s => s.Measurements()),
            "{message}", "Gotocol messages delivered to nanoservices");
        DeliveryLatency = meter.CreateHistogram(DeliveryLatencyName, "s",
            "Time from sending a Gotocol message to its delivery, sampled one message in 8 per nanoservice",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });
        meter.CreateObservableUpDownCounter("spigo.nanoservices.alive", () => _series.Values.Select(s => new Measurement<long>(s.Alive, s.Tags)),
            "{nanoservice}", "Nanoservices that were named and have not said Goodbye");
        meter.CreateObservableCounter("spigo.edges.discovered", () => _series.Values.Where(s => s.Edges > 0).Select(s => new Measurement<long>(s.Edges, s.Tags)),
            "{edge}", "Dependencies and buddies learned by nanoservices");
        QueueWait = meter.CreateHistogram("spigo.queue.wait", "s", "How long requests waited for a worker",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });
        meter.CreateObservableGauge("spigo.utilization", () => WorkerMeasurements(w => w.Workers > 0 ? (double)w.Busy / w.Workers : 0),
            "1", "Busy workers over workers at the scrape, of the instances with a capacity");
        meter.CreateObservableUpDownCounter("spigo.workers", () => WorkerMeasurements(w => w.Workers),
            "{worker}", "Workers of the instances with a capacity");
        meter.CreateObservableCounter("spigo.workers.busy.time", () => WorkerMeasurements(w => w.BusySeconds),
            "s", "Busy worker-seconds: its rate over spigo_workers is the time-averaged utilization");
        meter.CreateObservableUpDownCounter("spigo.queue.length", () => WorkerMeasurements(w => w.Waiting),
            "{request}", "Requests waiting for a worker");
        meter.CreateObservableCounter("spigo.requests.rejected", () => WorkerServices().Where(w => w.Refused > 0)
            .Select(w => new Measurement<long>(w.Refused, new System.Diagnostics.TagList { { "architecture", w.Arch }, { "service", w.Service }, { "package", w.Package }, { "reason", Gotocol.Intention.Overloaded } })),
            "{request}", "Requests refused at once because every worker was busy and the queue was full");
        // Exported by service pair, not zone pair: zones squared times the pairs would outgrow the exporter's series limit.
        meter.CreateObservableCounter("spigo.dependency.requests", () => EdgeMeasurements(e => e.Requests),
            "{request}", "Requests a service sent to a dependency service");
        meter.CreateObservableCounter("spigo.dependency.failures", () => EdgeMeasurements(e => e.Failed),
            "{request}", "Requests to a dependency service answered failed or given up at a deadline");
        meter.CreateObservableCounter("spigo.resilience.retries", () => ResilienceMeasurements("retries"),
            "{request}", "Requests sent again to a dependency after a failure or a timeout");
        meter.CreateObservableCounter("spigo.resilience.timeouts", () => ResilienceMeasurements("timeouts"),
            "{request}", "Requests to a dependency given up after the policy's timeout");
        meter.CreateObservableCounter("spigo.resilience.fallbacks", () => ResilienceMeasurements("fallbacks"),
            "{request}", "Reads answered by a fallback instead of the dependency");
        meter.CreateObservableCounter("spigo.resilience.rejections", () => ResilienceMeasurements("rejections"),
            "{request}", "Requests not sent to a dependency: breaker open, bulkhead full, or a retry the budget refused");
        meter.CreateObservableGauge("spigo.circuit_breaker.state", () => ResilienceMeasurements("states"),
            description: "Circuit breakers of a service towards a dependency, by state (closed, open, half_open)");
    }

    private IEnumerable<Measurement<T>> WorkerMeasurements<T>(Func<WorkerTotal, T> value) where T : struct =>
        WorkerServices().Select(w => new Measurement<T>(value(w), w.Tags));

    /// <summary>The workers of each service, its zones added up (the exported series are per service, as the others).</summary>
    private IEnumerable<WorkerTotal> WorkerServices() =>
        _workers.Values.GroupBy(w => (w.Arch, w.Service, w.Package)).Select(g =>
        {
            var shares = g.Select(w => w.ToShare()).ToList();
            return new WorkerTotal(g.Key.Arch, g.Key.Service, g.Key.Package, g.First().Tags, shares.Sum(s => s.Workers),
                shares.Sum(s => s.Busy), shares.Sum(s => s.Waiting), shares.Sum(s => s.Refused), shares.Sum(s => s.BusySeconds));
        });

    private sealed record WorkerTotal(string Arch, string Service, string Package, System.Diagnostics.TagList Tags, long Workers, long Busy,
        long Waiting, long Refused, double BusySeconds);

    /// <summary>The workers of a service's instances in <paramref name="name"/>'s zone, looked up once per instance with a capacity.</summary>
    public WorkerSeries WorkersFor(Spigo.Names.NanoName name) =>
        _workers.GetOrAdd((name.Arch, name.Service, name.Package, name.Region + "." + name.Zone), k => new WorkerSeries(k.Arch, k.Service, k.Package, k.Zone));

    /// <summary>The workers of <paramref name="arch"/>'s services on this silo, per service and zone.</summary>
    public WorkerShare[] Workers(string arch) => [.. _workers.Values.Where(w => w.Arch == arch).Select(w => w.ToShare())];

    private IEnumerable<Measurement<long>> ResilienceMeasurements(string kind) => _resilience.Values.SelectMany(s => s.Counts(kind));

    /// <summary>The resilience counts of (architecture, service, dependency), looked up once per nanoservice and dependency.</summary>
    public ResilienceSeries ResilienceFor(string arch, string service, string dependency) =>
        _resilience.GetOrAdd((arch, service, dependency), k => new ResilienceSeries(k.Arch, k.Service, k.Dependency));

    /// <summary>What the services of <paramref name="arch"/> on this silo did to protect themselves, per dependency.</summary>
    public ResilienceShare[] Resilience(string arch) => [.. _resilience.Values.Where(s => s.Arch == arch).Select(s => s.ToShare())];

    private IEnumerable<Measurement<long>> EdgeMeasurements(Func<EdgeSeries, long> count) =>
        _edges.Values.GroupBy(e => (e.Arch, e.Service, e.Dependency)).Select(g => new Measurement<long>(g.Sum(count),
            new System.Diagnostics.TagList { { "architecture", g.Key.Arch }, { "service", g.Key.Service }, { "dependency", g.Key.Dependency } }));

    /// <summary>The requests from a service in a zone to a dependency in a zone, looked up once per nanoservice and dependency instance.</summary>
    public EdgeSeries EdgeFor(string arch, string service, string zone, string dependency, string dependencyZone) =>
        _edges.GetOrAdd((arch, service, zone, dependency, dependencyZone), k => new EdgeSeries(k.Arch, k.Service, k.Zone, k.Dependency, k.DependencyZone));

    /// <inheritdoc cref="ISiloTelemetry.Edges"/>
    public EdgeShare[] Edges(string arch) => [.. EdgesOf(arch).Select(e => e.ToShare())];

    private IEnumerable<EdgeSeries> EdgesOf(string arch) => _edges.Values.Where(e => e.Arch == arch);

    public ObservableCounter<long> MessagesDelivered { get; }

    /// <summary>How long requests waited for a worker of an instance with a capacity.</summary>
    public Histogram<double> QueueWait { get; }

    public Histogram<double> DeliveryLatency { get; }

    /// <summary>Whether messages must be counted: someone scrapes, or a run's -c figures or the viewer need them.</summary>
    public bool Counting => MessagesDelivered.Enabled || _gatherings > 0;

    /// <summary>Whether delivery latency must be sampled.</summary>
    public bool Timing => DeliveryLatency.Enabled || _gatherings > 0;

    /// <summary>One sampled delivery latency: to the histogram, and to the -c gathering of the nanoservice's run.</summary>
    public void RecordLatency(MessageSeries series, double seconds)
    {
        series.Latency.Record(seconds);
        if (DeliveryLatency.Enabled) DeliveryLatency.Record(seconds, series.Tags);
        if (_gatherings > 0 && _gathering.TryGetValue(series.Arch, out var gathering)) gathering.Collector.Record(series, seconds);
    }

    /// <summary>
    /// The message counts of the series a nanoservice belongs to, looked up once per activation. The key is built on
    /// the stack: at 100,000 pirates, splitting every name cost a gen-2 collection or two per run.
    /// </summary>
    public MessageSeries SeriesFor(string name)
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
        return _seriesBySpan.TryGetValue(key, out var series) ? series : SeriesOf(arch.ToString(), service.ToString(), package.ToString());
    }

    private MessageSeries SeriesOf(string arch, string service, string package) =>
        _series.GetOrAdd(string.Concat(arch, "|", service, "|", package), _ => new MessageSeries(arch, service, package));

    /// <summary>Every series of one architecture.</summary>
    public IReadOnlyList<MessageSeries> SeriesOf(string arch) => [.. _series.Values.Where(s => s.Arch == arch)];

    /// <summary>Starts the -c gathering of <paramref name="arch"/>: its figures, and its flow spans with <paramref name="flows"/>.</summary>
    public void Start(string arch, bool flows)
    {
        if (!_gathering.TryAdd(arch, new Gathering(new MetricsCollector(arch, SeriesOf(arch), EdgesOf(arch)), flows ? new FlowLog() : null))) return;
        Interlocked.Increment(ref _gatherings);
    }

    /// <summary>Stops the gathering of <paramref name="arch"/> and hands over what it gathered.</summary>
    public TelemetryShare Stop(string arch)
    {
        if (!_gathering.TryRemove(arch, out var gathering)) return new TelemetryShare([], [], 0);
        Interlocked.Decrement(ref _gatherings);
        var (spans, dropped) = gathering.Flows?.Close() ?? ([], 0);
        return new TelemetryShare([.. gathering.Collector.Services(SeriesOf(arch)).Select(s => s.ToShare())], [.. spans], dropped,
            gathering.Collector.Edges(EdgesOf(arch)));
    }

    /// <summary>The flow log of <paramref name="arch"/>'s run while it has room, else null: checked before a hop's names are worked out.</summary>
    public FlowLog? FlowsOf(string arch) =>
        _gatherings > 0 && _gathering.TryGetValue(arch, out var gathering) && gathering.Flows is { HasRoom: true } flows ? flows : null;

    /// <summary>
    /// Messages delivered so far, nanoservices alive, requests failed, the sampled delivery latency's buckets and the
    /// response time's (up to the last one used), per service of <paramref name="arch"/>.
    /// </summary>
    public ServiceShare[] Counts(string arch) =>
        [.. SeriesOf(arch).Select(s => new ServiceShare(s.Service, s.Package, [.. Enum.GetValues<Gotocol.Imposition>().Select(s.CountOf)],
            s.Latency.UsedBuckets(), s.Alive, s.Failed, s.ResponseTime.UsedBuckets()))];

    private sealed record Gathering(MetricsCollector Collector, FlowLog? Flows);
}
