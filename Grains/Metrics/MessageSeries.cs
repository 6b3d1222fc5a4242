using System.Diagnostics;
using Spigo.Gotocol;
using Spigo.Runs;

namespace Spigo.Grains.Metrics;

/// <summary>
/// The counts of one (architecture, service, package): messages delivered by imposition, nanoservices alive, edges
/// learned. Grains add to it with one interlocked increment; the observable instruments read it when collected, so a
/// scrape is exact without a trip through the metrics SDK for every message, pirate or edge.
/// </summary>
public sealed class MessageSeries(string arch, string service, string package)
{
    private static readonly string[] ImpositionNames = Enum.GetNames<Imposition>();
    private readonly long[] _counts = new long[ImpositionNames.Length];
    private long _alive;
    private long _edges;
    private long _failed;

    public string Arch { get; } = arch;
    public string Service { get; } = service;
    public string Package { get; } = package;

    public void Count(Imposition imposition) => Interlocked.Increment(ref _counts[(int)imposition]);

    public long CountOf(Imposition imposition) => Interlocked.Read(ref _counts[(int)imposition]);

    public long Alive => Interlocked.Read(ref _alive);
    public long Edges => Interlocked.Read(ref _edges);

    /// <summary>Requests a nanoservice of this series answered "not found" because it could not serve them (nowhere to send them, or it had left).</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>One request this series failed (see <see cref="Failed"/>).</summary>
    public void Fail() => Interlocked.Increment(ref _failed);

    /// <summary>The sampled delivery latency of this series' messages since the process started (read by the viewer).</summary>
    public LatencyHistogram Latency { get; } = new();

    /// <summary>
    /// How long this series' nanoservices took to answer the requests they were sent, from arrival to the answer leaving
    /// (their own service time and the time their dependencies took), since the process started; sampled one answer in
    /// 8 per nanoservice.
    /// </summary>
    public LatencyHistogram ResponseTime { get; } = new();

    /// <summary>A nanoservice of this series was named (+1) or said Goodbye (−1).</summary>
    public void Living(int change) => Interlocked.Add(ref _alive, change);

    /// <summary>A nanoservice of this series learned a dependency or a buddy.</summary>
    public void Learned() => Interlocked.Increment(ref _edges);

    /// <summary>The labels of every nanoservice of this series, built once.</summary>
    public TagList Tags { get; } = new() { { "architecture", arch }, { "service", service }, { "package", package } };

    internal IEnumerable<System.Diagnostics.Metrics.Measurement<long>> Measurements()
    {
        for (var i = 0; i < _counts.Length; i++)
        {
            var n = Interlocked.Read(ref _counts[i]);
            if (n == 0) continue;
            yield return new(n, new TagList
            {
                { "architecture", Arch }, { "service", Service }, { "package", Package }, { "imposition", ImpositionNames[i] },
            });
        }
    }
}
