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
    [property: Id(10)] long[] QueueWaitBuckets,
    [property: Id(11)] long Admitted = 0)
{
    /// <summary>Busy workers over workers between an earlier reading and this one; null when no worker was there.</summary>
    public double? UtilizationSince(WorkerShare? before)
    {
        var workerSeconds = WorkerSeconds - (before?.WorkerSeconds ?? 0);
        return workerSeconds > 1e-9 ? Math.Clamp((BusySeconds - (before?.BusySeconds ?? 0)) / workerSeconds, 0, 1) : null;
    }

    /// <summary>
    /// The utilization the workers would have had with no request refused: the utilization scaled by the requests that
    /// arrived over those admitted (above 1 when overloaded), since an earlier reading. A saturated zone's utilization
    /// stops at 100% whatever the load; this does not, so an auto-scaler sizes the zone for the load it is offered.
    /// </summary>
    public double? DemandSince(WorkerShare? before)
    {
        if (UtilizationSince(before) is not { } utilization) return null;
        var admitted = Admitted - (before?.Admitted ?? 0);
        var refused = Refused - (before?.Refused ?? 0);
        return admitted > 0 ? utilization * (admitted + Math.Max(0, refused)) / admitted : utilization;
    }
}
