using Spigo.Client.Cli;
using Spigo.Grains.Metrics;
using Spigo.Runs;

namespace Spigo.Client.Metrics;

/// <summary>
/// -c over the whole cluster: opens the gathering in every silo and at the end adds up their figures and flow spans.
/// The embedded silo is a cluster of one like any other.
/// </summary>
public sealed class ClusterTelemetry
{
    private readonly string _arch;
    private readonly SpigoLog _log;
    private readonly List<ISiloTelemetry> _silos;

    private ClusterTelemetry(string arch, SpigoLog log, List<ISiloTelemetry> silos)
    {
        _arch = arch;
        _log = log;
        _silos = silos;
    }

    public static async Task<ClusterTelemetry> OpenAsync(IClusterClient client, string arch, bool flows, SpigoLog log)
    {
        var silos = await SiloTelemetries.FindAsync(client);
        await Task.WhenAll(silos.Select(t => t.Open(arch, flows)));
        return new ClusterTelemetry(arch, log, [.. silos]);
    }

    /// <summary>
    /// Per service, the cluster's figures; the flow spans of every silo in order of sending, at most
    /// <see cref="FlowLog.MaxSpans"/> (the rest counted as dropped); per edge, the requests along it. A silo that went
    /// away is missing.
    /// </summary>
    public async Task<(IReadOnlyCollection<ServiceMetrics> Services, IReadOnlyList<FlowSpan> Spans, long Dropped, IReadOnlyList<EdgeShare> Edges)> CloseAsync()
    {
        var services = new Dictionary<string, ServiceMetrics>(StringComparer.Ordinal);
        var spans = new List<FlowSpan>();
        var edges = new List<EdgeShare>();
        long dropped = 0;
        foreach (var telemetry in _silos)
        {
            TelemetryShare share;
            try
            {
                share = await telemetry.Close(_arch);
            }
            catch (Exception e) when (e is OrleansException or TimeoutException)
            {
                _log.Info($"{_arch}: the figures of one silo are missing from the -c files (it went away): {e.Message}");
                continue;
            }
            foreach (var s in share.Services)
            {
                if (!services.TryGetValue(s.Service, out var metrics)) services[s.Service] = metrics = new ServiceMetrics(s.Service, s.Package);
                metrics.Add(s);
            }
            spans.AddRange(share.Spans);
            edges.AddRange(share.Edges ?? []);
            dropped += share.Dropped;
        }
        // A parent hop is sent before its children: cutting the merged spans by sending time keeps every child's parent.
        var kept = spans.OrderBy(s => s.Sent).Take(FlowLog.MaxSpans).ToList();
        return (services.Values, kept, dropped + spans.Count - kept.Count, SiloTelemetries.Merge(edges));
    }
}
