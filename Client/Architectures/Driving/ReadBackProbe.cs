using System.Collections.Concurrent;
using System.Diagnostics;
using Spigo.Architecture;
using Spigo.Client.Cli;
using Spigo.Gotocol;

namespace Spigo.Client.Architectures;

/// <summary>
/// --verify: reads every acknowledged key back from one node of the storage ring in each zone. Every key must be found
/// with its value in every zone of at least one region, and in every region when the architecture joins them.
/// </summary>
/// <remarks>
/// Replication is asynchronous, and on a busy machine a zone may not have a key yet when first asked. So the keys still
/// short of a zone are asked there again every 250 ms, until none is or the request timeout has passed since the first
/// round; only a key still missing then is a violation. Probes carry trace ids with the top bit set, which traffic
/// never uses, so their answers are told from the traffic's.
/// </remarks>
public sealed class ReadBackProbe(IClusterClient client, ArchitecturePlan plan, ArchitectureListener listener, IGotocolListener controller, SpigoLog log)
{
    private const ulong ProbeBit = 1UL << 63;
    private readonly ConcurrentDictionary<ulong, string> _answers = new();
    private readonly HashSet<(string Key, string Region, string Zone)> _present = [];
    private readonly HashSet<(string Key, string Region, string Zone)> _wrong = [];
    private ulong _span = ProbeBit;

    public async Task<ReadBackReport> RunAsync(IReadOnlyCollection<KeyValuePair<string, string>> acked, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var rings = plan.Nodes.Where(n => Packages.IsRing(n.Name.Package)).Select(n => n.Name.Service).Distinct().ToList();
        if (rings.Count != 1) return new ReadBackReport(0, 0, 0, 0, 0, [], $"needs exactly one storage ring service, found {rings.Count}");
        var probes = plan.OfService(rings[0]).GroupBy(n => (n.Name.Region, n.Name.Zone)).Select(g => g.First()).ToList();
        var regions = probes.GroupBy(p => p.Name.Region).ToList();
        var required = plan.Definition.JoinedRegions ? regions.Count : 1;

        listener.Probe = m => (m.Trace.Span & ProbeBit) != 0 && _answers.TryAdd(m.Trace.Span, m.Intention);
        var missing = acked.ToList();
        var rounds = 0;
        var settling = Stopwatch.StartNew();
        while (true)
        {
            rounds++;
            await Round(missing, probes, timeout, cancellationToken);
            missing = [.. missing.Where(kv => regions.Count(r => r.All(p => _present.Contains((kv.Key, p.Name.Region, p.Name.Zone)))) < required)];
            if (missing.Count == 0 || settling.Elapsed >= timeout) break;
            await Task.Delay(250, cancellationToken);
        }
        listener.Probe = null;

        var reads = (long)acked.Count * probes.Count;
        var report = new ReadBackReport(acked.Count, probes.Count, reads, _present.Count, _wrong.Count, [.. missing.Select(kv => kv.Key)], null);
        log.Info($"{plan.Definition.Arch}: read-your-writes: {acked.Count} acknowledged keys × {probes.Count} zones: {_present.Count}/{reads} read back " +
            $"in {rounds} round{(rounds == 1 ? "" : "s")} ({settling.Elapsed.TotalSeconds:0.0}s), {missing.Count} keys missing somewhere" +
            string.Concat(missing.Take(5).Select(kv => $"; {kv.Key} not in " + Absent(kv.Key, probes))));
        return report;
    }

    /// <summary>Asks each zone that has not shown a key yet for it, waits for the answers (up to the timeout), and sorts them.</summary>
    private async Task Round(List<KeyValuePair<string, string>> missing, List<PlannedNode> probes, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var asked = new Dictionary<ulong, (string Key, string Value, string Region, string Zone)>();
        foreach (var (key, value) in missing)
        {
            foreach (var probe in probes.Where(p => !_present.Contains((key, p.Name.Region, p.Name.Zone))))
            {
                _span++;
                asked[_span] = (key, value, probe.Name.Region, probe.Name.Zone);
                _ = client.GetNanoservice(probe.FullName).GetRequest(new GotocolMessage(Imposition.GetRequest, controller, SteadyClock.UtcNow, key,
                    new TraceContext(_span, 0, _span)));
            }
        }
        // Only the still unanswered are looked at on each poll: a round can ask hundreds of thousands.
        var unanswered = asked.Keys.ToHashSet();
        var waited = Stopwatch.StartNew();
        while (true)
        {
            unanswered.RemoveWhere(_answers.ContainsKey);
            if (unanswered.Count == 0 || waited.Elapsed >= timeout) break;
            await Task.Delay(20, cancellationToken);
        }
        foreach (var (id, q) in asked)
        {
            if (!_answers.TryRemove(id, out var answer) || !Intention.TrySplitPair(answer, out _, out var got)) continue;
            if (got == q.Value)
            {
                _present.Add((q.Key, q.Region, q.Zone));
                _wrong.Remove((q.Key, q.Region, q.Zone));
            }
            else
            {
                _wrong.Add((q.Key, q.Region, q.Zone));
            }
        }
    }

    /// <summary>The zones a key was not read back from, those that had another value marked.</summary>
    private string Absent(string key, List<PlannedNode> probes) => string.Join(", ", probes
        .Where(p => !_present.Contains((key, p.Name.Region, p.Name.Zone)))
        .Select(p => $"{p.Name.Region} {p.Name.Zone}{(_wrong.Contains((key, p.Name.Region, p.Name.Zone)) ? " (another value)" : "")}"));
}
