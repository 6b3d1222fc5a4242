namespace Spigo.Runs;

/// <summary>
/// One silo's share of the workers of a service's instances in one zone (those with a capacity): how many there are
/// and are busy now, the requests waiting and refused, and the time integrals that give a time-averaged utilization
/// between two readings (busy worker-seconds over worker-seconds), to be added up over the cluster.
/// </summary>
[GenerateSerializer, Immutable, Alias("spigo.WorkerShare")]
public sealed record WorkerShare(
    [property: Id(0)] string Service,
    [property: Id(1)] string Package,
    [property: Id(2)] string Zone,
    [property: Id(3)] long Instances,
    [property: Id(4)] long Workers,
    [property: Id(5)] long Busy,
    [property: Id(6)] long Waiting,
    [property: Id(7)] long Refused,
    [property: Id(8)] double BusySeconds,
    [property: Id(9)] double WorkerSeconds,
    [property: Id(10)] long[] QueueWaitBuckets)
{
    /// <summary>Busy workers over workers between an earlier reading and this one; null when no worker was there.</summary>
    public double? UtilizationSince(WorkerShare? before)
    {
        var workerSeconds = WorkerSeconds - (before?.WorkerSeconds ?? 0);
        return workerSeconds > 1e-9 ? Math.Clamp((BusySeconds - (before?.BusySeconds ?? 0)) / workerSeconds, 0, 1) : null;
    }
}
