using Spigo.Gotocol;

namespace Spigo.Client.Metrics;

/// <summary>What -c gathers for one service: messages by imposition and the delivery latency distribution.</summary>
public sealed class ServiceMetrics(string service, string package)
{
    private readonly long[] _byImposition = new long[Enum.GetValues<Imposition>().Length];

    public string Service { get; } = service;
    public string Package { get; } = package;
    public LatencyHistogram Latency { get; } = new();

    public long Messages => _byImposition.Sum();

    /// <summary>Takes the counts of the messages series (which are cumulative since the process started).</summary>
    public void SetCounts(Grains.Hosting.MessageSeries series)
    {
        foreach (var imposition in Enum.GetValues<Imposition>()) Interlocked.Exchange(ref _byImposition[(int)imposition], series.CountOf(imposition));
    }

    public long CountOf(Imposition imposition) => Interlocked.Read(ref _byImposition[(int)imposition]);
}
