using System.Diagnostics;
using Spigo.Client.Cli;
using Spigo.Client.Hosting;
using Spigo.Gotocol;
using Spigo.Runs;

namespace Spigo.Client.Architectures;

/// <summary>
/// Asgard's controller and spigo's Denominator traffic source: creates the Eureka registries and the nanoservices
/// of a plan, lets them discover each other, sends Get/Put traffic into the root, takes the victim's instance away
/// halfway, optionally checks read-your-writes, then says Goodbye to everyone. It talks to grains only through
/// <see cref="IClusterClient"/>, so it runs the same against the embedded silo or a remote cluster.
/// </summary>
public sealed class ArchitectureDriver(IClusterClient client, SpigoLog log, ProgressLine progress)
{
    private const int SetupWindow = 512;

    public async Task<ArchitectureResult> RunAsync(ArchitectureSettings settings, CancellationToken cancellationToken)
    {
        var plan = settings.Plan;
        var arch = plan.Definition.Arch;
        var rng = new Random(settings.Seed);
        var meter = NewMeter(settings);
        var listener = new ArchitectureListener(meter);
        var controller = client.CreateObjectReference<IGotocolListener>(listener);
        var batches = new SetupBatches(client, plan, controller, settings.Edda, settings.EurekaPoll, settings.Network);
        var fleet = new Fleet(plan);
        var rebuilder = new Rebuilder(client, fleet, batches, log);
        var army = new SimianArmy(client, fleet, settings.Faults, controller, rebuilder, meter, rng, log, settings.Edda);
        using var tracking = new TargetTracking(client, fleet, batches, rebuilder, controller, settings.Edda, log, army);
        listener.Rebuild = rebuilder.Rebuild;
        listener.Drained = tracking.Drained;
        string[] runBooks = [];
        try
        {
            runBooks = await OpenRunBooks(arch, controller);
            var silos = await SetUp(settings, batches, rebuilder, cancellationToken);
            var before = await Before(settings, meter, tracking);
            tracking.Start();
            var loop = new TrafficLoop(client, settings, meter, controller, army, rng, log, progress,
                () => Chaos(fleet, army, tracking, controller, rebuilder, rng));
            var (rate, _, victim) = await loop.RunAsync(cancellationToken);
            await tracking.Stop();
            await army.Settle();
            var (resilience, workers) = await Since(arch, before);
            var phases = settings.Faults.Count > 0 ? await meter.WithAttempts(meter.Phases()) : null;
            var outage = ReportOutage(arch, meter, rebuilder);
            var readBack = settings.Verify
                ? await new ReadBackProbe(client, plan, listener, controller, log).RunAsync(meter.Acked, settings.RequestTimeout, cancellationToken) : null;
            rebuilder.Stop();
            var (everyone, missing, lost) = await Shutdown(settings, fleet, listener, controller, victim, army.Down, cancellationToken);
            log.Info($"{arch}: Exit");
            return Traffic(plan, meter, rate) with
            {
                ChaosVictim = victim, Goodbyes = everyone.Count - missing.Count, Missing = missing, ReadBack = readBack, Lost = lost, Silos = silos,
                Replaced = rebuilder.Replaced, Outage = outage, Phases = phases, Stopped = [.. army.Stopped.Order(StringComparer.Ordinal)],
                Resilience = resilience, Restored = [.. army.Restored.Order(StringComparer.Ordinal)], Workers = workers,
                Scaling = tracking.Tracking ? new AutoscalerReport(tracking.Actions, tracking.StillDraining) : null, Aborted = loop.Aborted,
            };
        }
        finally
        {
            await CloseRunBooks(runBooks);
            client.DeleteObjectReference<IGotocolListener>(controller);
        }
    }

    /// <summary>
    /// The run's traffic meter, with a window of requests in flight only for a closed loop: open-loop arrivals (a load)
    /// are sent whatever is unanswered.
    /// </summary>
    private static TrafficMeter NewMeter(ArchitectureSettings settings)
    {
        var window = settings.RequestInterval == TimeSpan.Zero && settings.Load is null ? settings.Window : 0;
        return new TrafficMeter(window, settings.Plan.Definition.Arch, Metrics.DriverMetrics.Shared)
        {
            KeepSecondLatencies = settings.SecondLatencies,
        };
    }

    /// <summary>What the meter counted of the traffic.</summary>
    private static ArchitectureResult Traffic(ArchitecturePlan plan, TrafficMeter meter, double rate) => new()
    {
        Nodes = plan.Nodes.Count, Requests = meter.Sent, Completed = meter.Completed, Failed = meter.Failed, TimedOut = meter.TimedOut,
        StaleReads = meter.StaleReads, RequestsPerSecond = rate, P50Seconds = meter.Percentile(50), P99Seconds = meter.Percentile(99),
        Fallbacks = meter.Fallbacks, Overloaded = meter.Overloaded, Timeline = meter.Timeline(),
    };

    /// <summary>
    /// The silos' resilience and worker counts before the traffic, for the services that have policies or a capacity: a
    /// silo's counts outlive a run (an earlier run of the same architecture on this cluster), so this run's are the
    /// difference. With faults and policies, each phase reads the attempts as it begins.
    /// </summary>
    private async Task<(IReadOnlyList<ResilienceShare>? Resilience, IReadOnlyList<WorkerShare>? Workers)> Before(ArchitectureSettings settings,
        TrafficMeter meter, TargetTracking tracking)
    {
        var plan = settings.Plan;
        var arch = plan.Definition.Arch;
        var guarded = plan.Definition.Services.Any(s => s.Resilience is { Count: > 0 });
        if (guarded && settings.Faults.Count > 0) meter.AttemptCounts = () => AttemptCounts(arch);
        return (guarded ? await SiloTelemetries.ResilienceAsync(client, arch) : null,
            tracking.Tracking || HasCapacity(plan) ? await SiloTelemetries.WorkersAsync(client, arch) : null);
    }

    /// <summary>This run's resilience and worker counts: now less <paramref name="before"/>.</summary>
    private async Task<(IReadOnlyList<ResilienceShare>? Resilience, IReadOnlyList<WorkerShare>? Workers)> Since(string arch,
        (IReadOnlyList<ResilienceShare>? Resilience, IReadOnlyList<WorkerShare>? Workers) before) =>
        (before.Resilience is null ? null : Since(before.Resilience, await SiloTelemetries.ResilienceAsync(client, arch)),
            before.Workers is null ? null : WorkersSince(before.Workers, await SiloTelemetries.WorkersAsync(client, arch)));

    /// <summary>Creates the registries and the nanoservices, lets them find each other, and counts them per silo when asked.</summary>
    private async Task<IReadOnlyList<Hosting.SiloCount>> SetUp(ArchitectureSettings settings, SetupBatches batches, Rebuilder rebuilder,
        CancellationToken cancellationToken)
    {
        var plan = settings.Plan;
        log.Info($"{plan.Definition.Arch}: {plan.Nodes.Count} nanoservices in {plan.Regions.Count} region(s), {plan.Registries.Count} Eureka registries");
        await StartRegistries(plan, batches);
        await StartNodes(settings, batches, cancellationToken);
        rebuilder.Arm();
        // Registration pushes new instances to subscribers at once; one short pause lets the first polls land.
        await Task.Delay(TimeSpan.FromMilliseconds(300), cancellationToken);
        return settings.AfterSetup is { } census ? await census() : [];
    }

    private async Task<(long Attempts, long Retries)> AttemptCounts(string arch)
    {
        var shares = await Runs.SiloTelemetries.ResilienceAsync(client, arch);
        return (shares.Sum(s => s.Attempts), shares.Sum(s => s.Retries));
    }

    private static bool HasCapacity(ArchitecturePlan plan) => plan.Definition.Services.Any(s => s.Capacity is not null);

    /// <summary>This run's share of the workers' figures, per service (zones added up): now less before it.</summary>
    private static IReadOnlyList<WorkerShare> WorkersSince(IReadOnlyList<WorkerShare> before, IReadOnlyList<WorkerShare> now) =>
        [.. now.GroupBy(n => (n.Service, n.Package)).Select(g =>
        {
            var then = before.Where(b => b.Service == g.Key.Service).ToList();
            return new WorkerShare(Service: g.Key.Service, Package: g.Key.Package, Zone: "",
                Instances: g.Sum(n => n.Instances), Workers: g.Sum(n => n.Workers), Busy: g.Sum(n => n.Busy),
                Waiting: g.Sum(n => n.Waiting), Refused: g.Sum(n => n.Refused) - then.Sum(b => b.Refused),
                BusySeconds: g.Sum(n => n.BusySeconds) - then.Sum(b => b.BusySeconds),
                WorkerSeconds: g.Sum(n => n.WorkerSeconds) - then.Sum(b => b.WorkerSeconds),
                QueueWaitBuckets: Runs.LatencyHistogram.Minus(Runs.LatencyHistogram.Sum(g.Select(n => n.QueueWaitBuckets)),
                    Runs.LatencyHistogram.Sum(then.Select(b => b.QueueWaitBuckets))));
        }).OrderBy(w => w.Service, StringComparer.Ordinal)];

    /// <summary>This run's share of the silos' resilience counts: what they count now less what they counted before it.</summary>
    private static IReadOnlyList<ResilienceShare> Since(IReadOnlyList<ResilienceShare> before, IReadOnlyList<ResilienceShare> now) =>
        [.. now.Select(n => before.FirstOrDefault(b => b.Service == n.Service && b.Dependency == n.Dependency) is { } b
            ? n with
            {
                Retries = n.Retries - b.Retries, Timeouts = n.Timeouts - b.Timeouts, Fallbacks = n.Fallbacks - b.Fallbacks,
                BreakerRejections = n.BreakerRejections - b.BreakerRejections, BulkheadRejections = n.BulkheadRejections - b.BulkheadRejections,
                BudgetDenials = n.BudgetDenials - b.BudgetDenials, BreakerOpenings = n.BreakerOpenings - b.BreakerOpenings,
                Attempts = n.Attempts - b.Attempts,
            }
            : n)];

    /// <summary>What a silo loss cost the traffic, when one happened (a nanoservice asked to be set up again).</summary>
    private Outage? ReportOutage(string arch, TrafficMeter meter, Rebuilder rebuilder)
    {
        if (rebuilder.FirstLoss is not { } noticed) return null;
        var outage = meter.OutageAround(noticed);
        log.Info($"{arch}: a silo was lost: {rebuilder.Replaced.Count} nanoservices set up again on the surviving silos; " +
            $"failures began {outage.StartedAtSecond}s into the traffic, {outage.FailedDuring} requests failed or timed out until traffic " +
            (outage.RecoveredAfterSeconds is { } after ? $"recovered {after}s later" : "had not recovered when it ended"));
        return outage;
    }

    /// <summary>
    /// Says Goodbye to every nanoservice but the chaos victim, and to the registries, and waits for their answers; the
    /// lost are recorded in Edda. Returns who was asked, who never answered and who answered as lost.
    /// </summary>
    private async Task<(List<string> Everyone, IReadOnlyList<string> Missing, IReadOnlyList<string> Lost)> Shutdown(ArchitectureSettings settings,
        Fleet fleet, ArchitectureListener listener, IGotocolListener controller, string? victim, IReadOnlySet<string> stopped, CancellationToken cancellationToken)
    {
        var plan = settings.Plan;
        var arch = plan.Definition.Arch;
        log.Info($"{arch}: Shutdown");
        // The chaos victim and what injected faults stopped (and did not bring back) have left already.
        var everyone = fleet.Nodes.Select(n => n.FullName).Concat(plan.Registries.Select(r => r.ToString()))
            .Where(n => n != victim && !stopped.Contains(n)).ToList();
        listener.ExpectGoodbyes(everyone);
        foreach (var name in everyone) _ = client.GetNanoservice(name).Goodbye(GotocolMessage.Create(Imposition.Goodbye, controller, ExitReason.Normal));
        await Task.WhenAny(listener.AllGone, Task.Delay(settings.Timeout, cancellationToken));
        var missing = listener.Missing();
        if (missing.Count > 0)
        {
            log.Info($"{arch}: {missing.Count} nanoservices did not say Goodbye within {GoDuration.Format(settings.Timeout)}: {string.Join(", ", missing.Take(10))}");
        }
        var lost = listener.Lost();
        if (lost.Count > 0)
        {
            log.Info($"{arch}: {lost.Count} nanoservices were lost with their silo (activated afresh elsewhere, without their state): {string.Join(", ", lost.Take(10))}");
            if (settings.Edda is { } edda) await EddaRecords.RecordLost(edda, lost);
        }
        return (everyone, missing, lost);
    }

    private async Task StartRegistries(ArchitecturePlan plan, SetupBatches batches)
    {
        var calls = new List<Task>();
        foreach (var registry in plan.Registries)
        {
            var batch = batches.Registry(registry, peer => log.Info($"Eureka cross connect from: {registry} to {peer}"));
            calls.Add(client.GetNanoservice(registry).Deliver(batch));
        }
        await Task.WhenAll(calls);
    }

    /// <summary>
    /// Opens the run book on every active silo: a nanoservice that comes back empty finds the controller there and asks
    /// to be set up again. Closed when the run ends.
    /// </summary>
    private async Task<string[]> OpenRunBooks(string arch, IGotocolListener controller)
    {
        var silos = await client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
        var keys = silos.Keys.Select(s => SiloKey.Of(arch, s)).ToArray();
        await Task.WhenAll(keys.Select(k => client.GetGrain<IRunBook>(k).Open(controller)));
        return keys;
    }

    private async Task CloseRunBooks(string[] keys)
    {
        try
        {
            await Task.WhenAll(keys.Select(k => client.GetGrain<IRunBook>(k).Close()));
        }
        catch (Exception e) when (e is OrleansException or TimeoutException)
        {
            // A copy on a silo that is gone: nothing left to close there.
        }
    }

    private async Task StartNodes(ArchitectureSettings settings, SetupBatches batches, CancellationToken cancellationToken)
    {
        var plan = settings.Plan;
        if (settings.Edda is { } edda)
        {
            foreach (var chunk in plan.Nodes.Chunk(4096))
            {
                cancellationToken.ThrowIfCancellationRequested();
                await edda.Record([.. chunk.Select(n => GotocolMessage.Create(Imposition.Hello, null, Intention.Pair(n.FullName, n.Name.Package)))]);
            }
        }
        var inFlight = new List<Task>(SetupWindow);
        var clock = Stopwatch.StartNew();
        long delivered = 0;
        foreach (var node in plan.Nodes)
        {
            var batch = batches.Node(node);
            delivered += batch.Length;
            inFlight.Add(client.GetNanoservice(node.FullName).Deliver(batch));
            if (inFlight.Count == SetupWindow)
            {
                await Task.WhenAll(inFlight);
                inFlight.Clear();
                // Checked once a window: a signal during the setup of a million nodes stops it within a window's time.
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
        await Task.WhenAll(inFlight);
        log.Info($"{plan.Definition.Arch}: Delivered {delivered} messages in {GoDuration.Format(clock.Elapsed)}");
    }

    /// <summary>
    /// The half-time chaos monkey: stops one instance of the victim service among those serving — not one a fault holds
    /// down (it would come back with its fault, having said no Goodbye) nor one the auto-scaler is draining.
    /// </summary>
    private string? Chaos(Fleet fleet, SimianArmy army, TargetTracking tracking, IGotocolListener controller, Rebuilder rebuilder, Random rng)
    {
        var plan = fleet.Plan;
        var candidates = fleet.OfService(plan.Definition.Victim).Where(n => !army.IsDown(n.FullName) && !tracking.IsDraining(n.FullName)).ToArray();
        if (candidates.Length == 0) return null;
        var victim = candidates[rng.Next(candidates.Length)].FullName;
        log.Info($"{plan.Definition.Arch}: chaos monkey stops {victim}");
        rebuilder.Retire(victim);
        fleet.TakeOut(victim);
        _ = client.GetNanoservice(victim).Goodbye(GotocolMessage.Create(Imposition.Goodbye, controller, ExitReason.Chaos));
        return victim;
    }
}
