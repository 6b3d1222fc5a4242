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

    public void Count(Imposition imposition, long n) => Interlocked.Add(ref _byImposition[(int)imposition], n);

    public long CountOf(Imposition imposition) => Interlocked.Read(ref _byImposition[(int)imposition]);
}
