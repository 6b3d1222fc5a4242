
namespace Spigo.Runs;

/// <summary>
/// Every active silo's <see cref="ISiloTelemetry"/>: what a collector adds up to see the whole cluster (each silo keeps
/// its own figures, whatever process it runs in).
/// </summary>
public static class SiloTelemetries
{
    public static async Task<IReadOnlyList<ISiloTelemetry>> FindAsync(IGrainFactory grains)
    {
        var silos = await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
        return [.. silos.Keys.Order().Select(silo => grains.GetGrain<ISiloTelemetry>(SiloKey.Of(SiloKey.Telemetry, silo)))];
    }

    /// <summary>
    /// What the services of <paramref name="arch"/> did to protect themselves, per service and dependency, over the
    /// cluster (a silo that went away is missing).
    /// </summary>
    public static async Task<IReadOnlyList<ResilienceShare>> ResilienceAsync(IGrainFactory grains, string arch)
    {
        // No short timeout: the driver takes this run's share as the difference of two of these, and a busy silo
        // missing from one of them would count from the start of its process.
        var shares = await FromEverySilo(grains, t => t.Resilience(arch), Timeout.InfiniteTimeSpan);
        return [.. shares.GroupBy(s => (s.Service, s.Dependency)).Select(g => new ResilienceShare(
            Service: g.Key.Service, Dependency: g.Key.Dependency, Retries: g.Sum(s => s.Retries),
            Timeouts: g.Sum(s => s.Timeouts), Fallbacks: g.Sum(s => s.Fallbacks),
            BreakerRejections: g.Sum(s => s.BreakerRejections), BulkheadRejections: g.Sum(s => s.BulkheadRejections),
            BudgetDenials: g.Sum(s => s.BudgetDenials), BreakerOpenings: g.Sum(s => s.BreakerOpenings),
            Attempts: g.Sum(s => s.Attempts)))
            .OrderBy(s => s.Service, StringComparer.Ordinal).ThenBy(s => s.Dependency, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Messages delivered so far, nanoservices alive, requests failed, delivery latency and response time buckets, per
    /// service of <paramref name="arch"/>, over the cluster.
    /// </summary>
    public static async Task<IReadOnlyList<ServiceShare>> CountsAsync(IGrainFactory grains, string arch)
    {
        var shares = await FromEverySilo(grains, t => t.Counts(arch));
        return [.. shares.GroupBy(s => (s.Service, s.Package)).Select(g => new ServiceShare(g.Key.Service, g.Key.Package,
            LatencyHistogram.Sum(g.Select(s => s.ByImposition)), LatencyHistogram.Sum(g.Select(s => s.LatencyBuckets)), g.Sum(s => s.Alive), g.Sum(s => s.Failed),
            LatencyHistogram.Sum(g.Select(s => s.ResponseBuckets ?? [])))).OrderBy(s => s.Service, StringComparer.Ordinal)];
    }

    /// <summary>
    /// The workers of every service of <paramref name="arch"/> that has a capacity, per service and zone, over the
    /// cluster (a zone lives on one silo, but an instance set up again after a silo loss may be on another for a while).
    /// </summary>
    public static async Task<IReadOnlyList<WorkerShare>> WorkersAsync(IGrainFactory grains, string arch)
    {
        var shares = await FromEverySilo(grains, t => t.Workers(arch));
        return [.. shares.GroupBy(s => (s.Service, s.Package, s.Zone)).Select(g => new WorkerShare(
            Service: g.Key.Service, Package: g.Key.Package, Zone: g.Key.Zone, Instances: g.Sum(s => s.Instances),
            Workers: g.Sum(s => s.Workers), Busy: g.Sum(s => s.Busy), Waiting: g.Sum(s => s.Waiting),
            Refused: g.Sum(s => s.Refused), BusySeconds: g.Sum(s => s.BusySeconds), WorkerSeconds: g.Sum(s => s.WorkerSeconds),
            QueueWaitBuckets: LatencyHistogram.Sum(g.Select(s => s.QueueWaitBuckets)), Admitted: g.Sum(s => s.Admitted)))
            .OrderBy(s => s.Service, StringComparer.Ordinal).ThenBy(s => s.Zone, StringComparer.Ordinal)];
    }

    /// <summary>The requests every service of <paramref name="arch"/> sent to each of its dependencies, per zone pair, over the cluster.</summary>
    public static async Task<IReadOnlyList<EdgeShare>> EdgesAsync(IGrainFactory grains, string arch)
    {
        return Merge(await FromEverySilo(grains, t => t.Edges(arch)));
    }

    /// <summary>
    /// Shares of the same edges added up, one per edge, in order: per zone pair, or with <paramref name="byZone"/>
    /// false per service pair (zones "").
    /// </summary>
    public static IReadOnlyList<EdgeShare> Merge(IEnumerable<EdgeShare> shares, bool byZone = true) =>
        [.. shares.GroupBy(s => byZone ? (s.Service, s.Zone, s.Dependency, s.DependencyZone) : (s.Service, "", s.Dependency, ""))
            .Select(g => new EdgeShare(g.Key.Item1, g.Key.Item2, g.Key.Item3, g.Key.Item4,
                g.Sum(s => s.Requests), g.Sum(s => s.Failed), LatencyHistogram.Sum(g.Select(s => s.ResponseBuckets))))
            .OrderBy(s => s.Service, StringComparer.Ordinal).ThenBy(s => s.Dependency, StringComparer.Ordinal)
            .ThenBy(s => s.Zone, StringComparer.Ordinal).ThenBy(s => s.DependencyZone, StringComparer.Ordinal)];

    /// <summary>
    /// Every active silo's answer; none from a silo that is going or gone (membership still lists it for a while, and a
    /// call to it would wait out the response timeout): what it counted went with it. By default a silo that takes
    /// longer than <see cref="SiloTimeout"/> is taken for gone; with <see cref="Timeout.InfiniteTimeSpan"/> it is waited for.
    /// </summary>
    private static async Task<IEnumerable<T>> FromEverySilo<T>(IGrainFactory grains, Func<ISiloTelemetry, Task<T[]>> ask, TimeSpan? timeout = null)
    {
        var answers = await Task.WhenAll((await FindAsync(grains)).Select(async telemetry =>
        {
            try
            {
                return await ask(telemetry).WaitAsync(timeout ?? SiloTimeout);
            }
            catch (Exception e) when (e is OrleansException or TimeoutException)
            {
                return [];
            }
        }));
        return answers.SelectMany(a => a);
    }

    /// <summary>How long one silo's answer may take before the silo is taken for gone.</summary>
    private static readonly TimeSpan SiloTimeout = TimeSpan.FromSeconds(2);
}
