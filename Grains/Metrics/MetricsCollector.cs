using System.Collections.Concurrent;
using Spigo.Runs;

namespace Spigo.Grains.Metrics;

/// <summary>
/// One run's -c figures in one silo: message counts (exact, from the per-series counts, less what they were when
/// gathering began: a long-lived silo may have run this architecture before) and sampled delivery latency.
/// </summary>
public sealed class MetricsCollector
{
    private readonly ConcurrentDictionary<(string Service, string Package), ServiceMetrics> _services = new();
    private readonly string _arch;
    private readonly Dictionary<(string Service, string Package), long[]> _before = [];
    private readonly Dictionary<(string Service, string Zone, string Dependency, string DependencyZone), EdgeShare> _edgesBefore = [];

    public MetricsCollector(string arch, IEnumerable<MessageSeries> existing, IEnumerable<EdgeSeries> existingEdges)
    {
        _arch = arch;
        foreach (var series in existing)
        {
            _before[(series.Service, series.Package)] = [.. Enum.GetValues<Gotocol.Imposition>().Select(series.CountOf)];
        }
        foreach (var edge in existingEdges) _edgesBefore[(edge.Service, edge.Zone, edge.Dependency, edge.DependencyZone)] = edge.ToShare();
    }

    /// <summary>Per edge: the requests sent, failed and their response times since gathering began.</summary>
    public EdgeShare[] Edges(IEnumerable<EdgeSeries> now) =>
        [.. now.Select(e => e.ToShare()).Select(e => _edgesBefore.TryGetValue((e.Service, e.Zone, e.Dependency, e.DependencyZone), out var b)
            ? e with { Requests = e.Requests - b.Requests, Failed = e.Failed - b.Failed, ResponseBuckets = LatencyHistogram.Minus(e.ResponseBuckets, b.ResponseBuckets) }
            : e).Where(e => e.Requests > 0)];

    /// <summary>One sampled delivery latency of a nanoservice of this run.</summary>
    public void Record(MessageSeries series, double seconds)
    {
        if (series.Arch == _arch) For(series.Service, series.Package).Latency.Record(seconds);
    }

    /// <summary>Per service: message counts and the delivery latency distribution.</summary>
    public IReadOnlyCollection<ServiceMetrics> Services(IEnumerable<MessageSeries> now)
    {
        foreach (var series in now)
        {
            For(series.Service, series.Package).SetCounts(series, _before.GetValueOrDefault((series.Service, series.Package)));
        }
        return [.. _services.Values];
    }

    private ServiceMetrics For(string service, string package) =>
        _services.GetOrAdd((service, package), k => new ServiceMetrics(k.Service, k.Package));
}
