using Spigo.Gotocol;
using Spigo.Runs;

namespace Spigo.Grains.Metrics;

/// <summary>What -c gathers for one service: messages by imposition and the delivery latency distribution.</summary>
public sealed class ServiceMetrics(string service, string package)
{
    private readonly long[] _byImposition = new long[Enum.GetValues<Imposition>().Length];

    public string Service { get; } = service;
    public string Package { get; } = package;
    public LatencyHistogram Latency { get; } = new();

    public long Messages => _byImposition.Sum();

    /// <summary>
    /// Takes the counts of the messages series (cumulative since the process started), less those it had when
    /// gathering began (<paramref name="before"/>, by imposition).
    /// </summary>
    public void SetCounts(MessageSeries series, long[]? before = null)
    {
        foreach (var imposition in Enum.GetValues<Imposition>())
        {
            var i = (int)imposition;
            Interlocked.Exchange(ref _byImposition[i], series.CountOf(imposition) - (before is { } b && i < b.Length ? b[i] : 0));
        }
    }

    public long CountOf(Imposition imposition) => Interlocked.Read(ref _byImposition[(int)imposition]);

    /// <summary>This process's share, to be sent to the collector of a cluster run.</summary>
    public ServiceShare ToShare() =>
        new(Service, Package, [.. _byImposition.Select((_, i) => Interlocked.Read(ref _byImposition[i]))], Latency.Buckets());

    /// <summary>Adds another process's share of this service.</summary>
    public void Add(ServiceShare share)
    {
        for (var i = 0; i < Math.Min(share.ByImposition.Length, _byImposition.Length); i++) Interlocked.Add(ref _byImposition[i], share.ByImposition[i]);
        Latency.Add(share.LatencyBuckets);
    }
}
