using Spigo.Client.Cli;
using Spigo.Grains.Hosting;
using Spigo.Runs;

namespace Spigo.Client.Metrics;

/// <summary>
/// -c over the whole cluster: opens the gathering in every process that hosts silos (one silo asked per process) and
/// at the end adds up their figures and flow spans. The embedded silo is a cluster of one process like any other.
/// </summary>
public sealed class ClusterTelemetry
{
    private readonly string _arch;
    private readonly SpigoLog _log;
    private readonly List<ISiloTelemetry> _processes;

    private ClusterTelemetry(string arch, SpigoLog log, List<ISiloTelemetry> processes)
    {
        _arch = arch;
        _log = log;
        _processes = processes;
    }

    public static async Task<ClusterTelemetry> OpenAsync(IClusterClient client, string arch, bool flows, SpigoLog log)
    {
        var processes = await TelemetryProcesses.FindAsync(client);
        await Task.WhenAll(processes.Select(t => t.Open(arch, flows)));
        return new ClusterTelemetry(arch, log, [.. processes]);
    }

    /// <summary>
    /// Per service, the cluster's figures; the flow spans of every process in order of sending, at most
    /// <see cref="FlowLog.MaxSpans"/> (the rest counted as dropped). A process that went away with its silo is missing.
    /// </summary>
    public async Task<(IReadOnlyCollection<ServiceMetrics> Services, IReadOnlyList<FlowSpan> Spans, long Dropped)> CloseAsync()
    {
        var services = new Dictionary<string, ServiceMetrics>(StringComparer.Ordinal);
        var spans = new List<FlowSpan>();
        long dropped = 0;
        foreach (var telemetry in _processes)
        {
            TelemetryShare share;
            try
            {
                share = await telemetry.Close(_arch);
            }
            catch (Exception e) when (e is OrleansException or TimeoutException)
            {
                _log.Info($"{_arch}: the figures of one process are missing from the -c files (its silo went away): {e.Message}");
                continue;
            }
            foreach (var s in share.Services)
            {
                if (!services.TryGetValue(s.Service, out var metrics)) services[s.Service] = metrics = new ServiceMetrics(s.Service, s.Package);
                metrics.Add(s);
            }
            spans.AddRange(share.Spans);
            dropped += share.Dropped;
        }
        // A parent hop is sent before its children: cutting the merged spans by sending time keeps every child's parent.
        var kept = spans.OrderBy(s => s.Sent).Take(FlowLog.MaxSpans).ToList();
        return (services.Values, kept, dropped + spans.Count - kept.Count);
    }
}
