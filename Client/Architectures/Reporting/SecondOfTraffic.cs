namespace Spigo.Client.Architectures;

/// <summary>
/// One second of a run's traffic: the requests sent in it, and of those, how many were answered, how many failed or
/// timed out, and how many an overloaded instance refused; with <see cref="ArchitectureSettings.SecondLatencies"/>, the
/// response times of those answered (a <see cref="Runs.LatencyHistogram"/>'s buckets), so that any span of seconds has
/// its percentiles.
/// </summary>
public sealed record SecondOfTraffic(long Sent, long Answered, long Failed, long Overloaded = 0, long[]? Latencies = null);
