using Spigo.Runs;

namespace Spigo.Grains.Metrics;

/// <summary>
/// The requests the instances of one service in one zone sent to the instances of one dependency service in one zone
/// (zones as "region.zone", "*" where a node spans them): sent, answered "failed" or given up at a deadline, and the
/// response time from sending to the answer. Counted at the caller, so an edge's figures are what the caller saw,
/// network and queueing included; by zone, so a zone that went down shows as edges into it that carry nothing.
/// </summary>
public sealed class EdgeSeries(string arch, string service, string zone, string dependency, string dependencyZone)
{
    private long _requests, _failed;

    public string Arch { get; } = arch;
    public string Service { get; } = service;
    public string Zone { get; } = zone;
    public string Dependency { get; } = dependency;
    public string DependencyZone { get; } = dependencyZone;

    /// <summary>The response time of the requests answered (or failed) along this edge, sampled one in 8 per calling nanoservice.</summary>
    public LatencyHistogram ResponseTime { get; } = new();

    public long Requests => Interlocked.Read(ref _requests);
    public long Failed => Interlocked.Read(ref _failed);

    public void Sent() => Interlocked.Increment(ref _requests);

    /// <summary>An answer came back, failed or not; after <paramref name="seconds"/> when this one is timed.</summary>
    public void Answered(bool failed, double? seconds)
    {
        if (seconds is { } s) ResponseTime.Record(Math.Max(0, s));
        if (failed) Interlocked.Increment(ref _failed);
    }

    /// <summary>No answer came back before the caller's deadline.</summary>
    public void TimedOut() => Interlocked.Increment(ref _failed);

    /// <summary>
    /// A copy of the counts; read answers first and requests last, so a copy taken while requests flow never shows more
    /// failed or answered than sent.
    /// </summary>
    public EdgeShare ToShare()
    {
        var response = ResponseTime.UsedBuckets();
        var failed = Failed;
        return new(Service, Zone, Dependency, DependencyZone, Requests, failed, response);
    }
}
