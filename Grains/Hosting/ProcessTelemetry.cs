using System.Collections.Concurrent;
using Spigo.Runs;

namespace Spigo.Grains.Hosting;

/// <summary>
/// The -c gathering of this process, per architecture: the latency listener and the flow log. Process-wide because
/// spigo's instruments and flow log are (one collector per process, whichever of its silos is asked).
/// </summary>
public static class ProcessTelemetry
{
    /// <summary>Names this process among a cluster's: host, process id and a number drawn at start.</summary>
    public static readonly string Token = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    private static readonly ConcurrentDictionary<string, (MetricsCollector Collector, bool Flows)> Open = new(StringComparer.Ordinal);

    public static void Start(string arch, bool flows)
    {
        var started = (new MetricsCollector(arch), flows);
        if (!Open.TryAdd(arch, started))
        {
            started.Item1.Dispose();
            return;
        }
        if (flows) FlowLog.Open(arch);
    }

    public static TelemetryShare Stop(string arch)
    {
        if (!Open.TryRemove(arch, out var open)) return new TelemetryShare([], [], 0);
        using var collector = open.Collector;
        var (spans, dropped) = open.Flows ? FlowLog.Close(arch) : ([], 0);
        return new TelemetryShare([.. collector.Services.Select(s => s.ToShare())], [.. spans], dropped);
    }

    /// <summary>Messages delivered so far per service of <paramref name="arch"/>, whether or not -c is gathering.</summary>
    public static ServiceShare[] Counts(string arch) =>
        [.. SpigoMetrics.SeriesOf(arch).Select(s => new ServiceShare(s.Service, s.Package,
            [.. Enum.GetValues<Gotocol.Imposition>().Select(s.CountOf)], [], s.Alive))];
}
