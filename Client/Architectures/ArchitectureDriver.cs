using System.Diagnostics;
using Spigo.Architecture;
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
    private const ulong ProbeBit = 1UL << 63;

    public async Task<ArchitectureResult> RunAsync(ArchitectureSettings settings, CancellationToken cancellationToken)
    {
        var plan = settings.Plan;
        var arch = plan.Definition.Arch;
        var rng = new Random(settings.Seed);
        var meter = new TrafficMeter(settings.RequestInterval == TimeSpan.Zero ? settings.Window : 0, arch, Metrics.DriverMetrics.Shared);
        var listener = new ArchitectureListener(meter);
        var controller = client.CreateObjectReference<IGotocolListener>(listener);
        var batches = new SetupBatches(client, plan, controller, settings.Edda, settings.EurekaPoll, settings.Network);
        var fleet = new Fleet(plan);
        var autoScaler = new AutoScaler(client, fleet, batches, log);
        var army = new SimianArmy(client, fleet, settings.Faults, controller, autoScaler, meter, rng, log, settings.Edda);
        using var tracking = new TargetTracking(client, fleet, batches, autoScaler, controller, settings.Edda, log, army);
        listener.Replace = autoScaler.Replace;
        listener.Drained = tracking.Drained;
        string[] runBooks = [];
        try
        {
            log.Info($"{arch}: {plan.Nodes.Count} nanoservices in {plan.Regions.Count} region(s), {plan.Registries.Count} Eureka registries");
            runBooks = await OpenRunBooks(arch, controller);
            await StartRegistries(plan, batches);
            await StartNodes(settings, batches, cancellationToken);
            autoScaler.Arm();
            // Registration pushes new instances to subscribers at once; one short pause lets the first polls land.
            await Task.Delay(TimeSpan.FromMilliseconds(300), cancellationToken);
            IReadOnlyList<Hosting.SiloCount> silos = settings.AfterSetup is { } census ? await census() : [];
            // A silo's counts outlive a run (an earlier run of the same architecture on this cluster): this run's are the difference.
            var guarded = plan.Definition.Services.Any(s => s.Resilience is { Count: > 0 });
            var resilienceBefore = guarded ? await Grains.Hosting.SiloTelemetries.ResilienceAsync(client, arch) : null;
            if (guarded && settings.Faults.Count > 0) meter.AttemptCounts = () => AttemptCounts(arch);

            var workersBefore = tracking.Tracking || HasCapacity(plan) ? await Grains.Hosting.SiloTelemetries.WorkersAsync(client, arch) : null;
            tracking.Start();
            var (rate, elapsed, victim) = await Traffic(settings, meter, controller, autoScaler, army, rng, fleet, tracking, cancellationToken);
            await tracking.Stop();
            await army.Settle();
            var workers = workersBefore is null ? null : WorkersSince(workersBefore, await Grains.Hosting.SiloTelemetries.WorkersAsync(client, arch));
            var phases = settings.Faults.Count > 0 ? await meter.WithAttempts(meter.Phases()) : null;
            var outage = ReportOutage(arch, meter, autoScaler);
            var resilience = guarded ? Since(resilienceBefore!, await Grains.Hosting.SiloTelemetries.ResilienceAsync(client, arch)) : null;
            var readBack = settings.Verify ? await ReadBack(settings, listener, controller, meter, cancellationToken) : null;
            autoScaler.Stop();
            var (everyone, missing, lost) = await Shutdown(settings, fleet, listener, controller, victim, army.Down, cancellationToken);
            log.Info($"{arch}: Exit");
            return new ArchitectureResult(plan.Nodes.Count, meter.Sent, meter.Completed, meter.Failed, meter.TimedOut, meter.StaleReads,
                rate, meter.Percentile(50), meter.Percentile(99), victim, everyone.Count - missing.Count, missing, readBack, lost, silos,
                autoScaler.Replaced, outage, phases, [.. army.Stopped.Order(StringComparer.Ordinal)], meter.Fallbacks, resilience,
                [.. army.Restored.Order(StringComparer.Ordinal)], meter.Overloaded,
                tracking.Tracking ? new AutoscalerReport(tracking.Actions, tracking.StillDraining) : null, workers,
                meter.Timeline());
        }
        finally
        {
            await CloseRunBooks(runBooks);
            client.DeleteObjectReference<IGotocolListener>(controller);
        }
    }

    private async Task<(long Attempts, long Retries)> AttemptCounts(string arch)
    {
        var shares = await Grains.Hosting.SiloTelemetries.ResilienceAsync(client, arch);
        return (shares.Sum(s => s.Attempts), shares.Sum(s => s.Retries));
    }

    private static bool HasCapacity(ArchitecturePlan plan) => plan.Definition.Services.Any(s => s.Capacity is not null);

    /// <summary>This run's share of the workers' figures, per service (zones added up): now less before it.</summary>
    private static IReadOnlyList<WorkerShare> WorkersSince(IReadOnlyList<WorkerShare> before, IReadOnlyList<WorkerShare> now) =>
        [.. now.GroupBy(n => (n.Service, n.Package)).Select(g =>
        {
            var then = before.Where(b => b.Service == g.Key.Service).ToList();
            return new WorkerShare(g.Key.Service, g.Key.Package, "", g.Sum(n => n.Instances), g.Sum(n => n.Workers), g.Sum(n => n.Busy),
                g.Sum(n => n.Waiting), g.Sum(n => n.Refused) - then.Sum(b => b.Refused), g.Sum(n => n.BusySeconds) - then.Sum(b => b.BusySeconds),
                g.Sum(n => n.WorkerSeconds) - then.Sum(b => b.WorkerSeconds),
                Grains.Hosting.LatencyHistogram.Minus(Grains.Hosting.LatencyHistogram.Sum(g.Select(n => n.QueueWaitBuckets)),
                    Grains.Hosting.LatencyHistogram.Sum(then.Select(b => b.QueueWaitBuckets))));
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
    private Outage? ReportOutage(string arch, TrafficMeter meter, AutoScaler autoScaler)
    {
        if (autoScaler.FirstLoss is not { } noticed) return null;
        var outage = meter.OutageAround(noticed);
        log.Info($"{arch}: a silo was lost: {autoScaler.Replaced.Count} nanoservices set up again on the surviving silos; " +
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

    private async Task<(double Rate, TimeSpan Elapsed, string? Victim)> Traffic(ArchitectureSettings settings, TrafficMeter meter,
        IGotocolListener controller, AutoScaler autoScaler, SimianArmy army, Random rng, Fleet fleet, TargetTracking tracking,
        CancellationToken cancellationToken)
    {
        var plan = settings.Plan;
        var arch = plan.Definition.Arch;
        var roots = plan.OfService(plan.Definition.Root.Name).Select(n => client.GetNanoservice(n.FullName)).ToArray();
        string? victim = null;
        var chaosDone = !settings.Chaos || plan.Definition.Victim.Length == 0 || settings.Faults.Count > 0;
        if (settings.Duration <= TimeSpan.Zero || roots.Length == 0) return (0, TimeSpan.Zero, null);

        log.Info($"{arch}: Denominator traffic for {GoDuration.Format(settings.Duration)}, " + (settings.Load is { } load
            ? $"{(settings.Poisson ? "Poisson" : "evenly spaced")} arrivals at {load}, open loop, at most {settings.InFlightCap} in flight"
            : settings.RequestInterval > TimeSpan.Zero ? $"a request every {GoDuration.Format(settings.RequestInterval)}" : $"as fast as possible ({settings.Window} in flight)"));
        var clock = Stopwatch.StartNew();
        meter.StartPhase("before");
        var nextExpire = TimeSpan.FromSeconds(1);
        var sequence = 0L;
        // Traffic trace ids stay below 2^50; read-back probes set the top bit (see ReadBack).
        var traceBase = (ulong)rng.Next(1, 1 << 30) << 20;
        // Open loop: every millisecond, what arrived since the last one is sent, whatever is still unanswered.
        var arrivals = settings.Load is { } schedule ? new Arrivals(schedule, settings.Poisson, rng) : null;
        var offeredUntil = 0.0;
        long capped = 0;
        using var ticker = arrivals is not null ? new PeriodicTimer(TimeSpan.FromMilliseconds(1))
            : settings.RequestInterval > TimeSpan.Zero ? new PeriodicTimer(settings.RequestInterval) : null;
        // The traffic ends with the duration even when the next tick (a --rate longer than -d) would come later.
        using var traffic = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        traffic.CancelAfter(settings.Duration);
        while (clock.Elapsed < settings.Duration)
        {
            // Without a rate, wait for room in the window, but never for long: requests lost with a stopped node
            // must still be expired, or they would hold the window shut for good.
            bool room;
            try
            {
                room = ticker is not null ? await ticker.WaitForNextTickAsync(traffic.Token)
                    : await meter.WaitForRoom(TimeSpan.FromMilliseconds(100), traffic.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                break;
            }
            if (clock.Elapsed >= nextExpire)
            {
                nextExpire += TimeSpan.FromSeconds(1);
                meter.Expire(settings.RequestTimeout);
                progress.Report($"{arch}: {clock.Elapsed.TotalSeconds:0}/{settings.Duration.TotalSeconds:0}s, {meter.Completed} requests answered, {meter.InFlightCount} in flight");
            }
            army.Advance(clock.Elapsed);
            if (!room) continue;
            var due = 1;
            if (arrivals is not null)
            {
                var until = Math.Min(clock.Elapsed.TotalSeconds, settings.Duration.TotalSeconds);
                due = arrivals.Between(offeredUntil, until);
                offeredUntil = until;
            }
            for (var k = 0; k < due; k++)
            {
                if (arrivals is not null && meter.InFlightCount >= settings.InFlightCap)
                {
                    capped++;
                    continue;
                }
                sequence = SendOne(settings, meter, controller, rng, roots, traceBase, sequence);
            }

            if (!chaosDone && clock.Elapsed >= settings.Duration / 2)
            {
                chaosDone = true;
                victim = Chaos(fleet, army, tracking, controller, autoScaler, rng);
            }
        }
        if (capped > 0) log.Info($"{arch}: {capped} arrivals were not sent: {settings.InFlightCap} requests were in flight (the cap), the rest still waiting for answers");
        var elapsed = clock.Elapsed;
        // Give the last answers a moment, then count what is still missing as timed out.
        var drain = Stopwatch.StartNew();
        while (meter.InFlightCount > 0 && drain.Elapsed < settings.RequestTimeout) await Task.Delay(20, cancellationToken);
        meter.Expire(TimeSpan.Zero);
        progress.Clear();
        var rate = meter.Completed / Math.Max(elapsed.TotalSeconds, 1e-9);
        log.Info($"{arch}: {meter.Sent} requests, {meter.Completed} answered ({rate:0}/s), {meter.Failed} failed, {meter.TimedOut} timed out, " +
            $"latency p50 {GoDuration.Format(TimeSpan.FromSeconds(meter.Percentile(50)))} p99 {GoDuration.Format(TimeSpan.FromSeconds(meter.Percentile(99)))}");
        return (rate, elapsed, victim);
    }

    /// <summary>One request into a root of the architecture: a Get of a key written before (half the time, once there is one), else a Put.</summary>
    private static long SendOne(ArchitectureSettings settings, TrafficMeter meter, IGotocolListener controller, Random rng, INanoservice[] roots,
        ulong traceBase, long sequence)
    {
        var span = traceBase + (ulong)++sequence;
        var getKey = rng.Next(2) == 0 ? meter.RandomAckedKey(rng) : null;
        var root = roots[rng.Next(roots.Length)];
        var trace = new TraceContext(span, 0, span);
        if (getKey is not null)
        {
            meter.Begin(span, Imposition.GetRequest, getKey, null);
            _ = root.GetRequest(new GotocolMessage(Imposition.GetRequest, controller, DateTime.UtcNow, getKey, trace));
        }
        else
        {
            var key = $"key{settings.Seed}-{sequence}";
            var value = $"value{sequence}";
            meter.Begin(span, Imposition.Put, key, value);
            _ = root.Put(new GotocolMessage(Imposition.Put, controller, DateTime.UtcNow, Intention.Pair(key, value), trace));
        }
        return sequence;
    }

    /// <summary>
    /// The half-time chaos monkey: stops one instance of the victim service among those serving — not one a fault holds
    /// down (it would come back with its fault, having said no Goodbye) nor one the auto-scaler is draining.
    /// </summary>
    private string? Chaos(Fleet fleet, SimianArmy army, TargetTracking tracking, IGotocolListener controller, AutoScaler autoScaler, Random rng)
    {
        var plan = fleet.Plan;
        var candidates = fleet.OfService(plan.Definition.Victim).Where(n => !army.IsDown(n.FullName) && !tracking.IsDraining(n.FullName)).ToArray();
        if (candidates.Length == 0) return null;
        var victim = candidates[rng.Next(candidates.Length)].FullName;
        log.Info($"{plan.Definition.Arch}: chaos monkey stops {victim}");
        autoScaler.Retire(victim);
        fleet.TakeOut(victim);
        _ = client.GetNanoservice(victim).Goodbye(GotocolMessage.Create(Imposition.Goodbye, controller, ExitReason.Chaos));
        return victim;
    }

    /// <summary>
    /// Reads every acknowledged key back from one node of the storage ring in each zone. Every key must be found with
    /// its value in every zone of at least one region, and in every region when the architecture joins them.
    /// </summary>
    /// <remarks>
    /// Replication is asynchronous, and on a busy machine a zone may not have a key yet when first asked. So the keys
    /// still short of a zone are asked there again every 250 ms, until none is or the request timeout has passed since the
    /// first round; only a key still missing then is a violation.
    /// </remarks>
    private async Task<ReadBackReport> ReadBack(ArchitectureSettings settings, ArchitectureListener listener, IGotocolListener controller,
        TrafficMeter meter, CancellationToken cancellationToken)
    {
        var plan = settings.Plan;
        var rings = plan.Nodes.Where(n => Packages.IsRing(n.Name.Package)).Select(n => n.Name.Service).Distinct().ToList();
        if (rings.Count != 1) return new ReadBackReport(0, 0, 0, 0, 0, [], $"needs exactly one storage ring service, found {rings.Count}");
        var probes = plan.OfService(rings[0]).GroupBy(n => (n.Name.Region, n.Name.Zone)).Select(g => g.First()).ToList();
        var regions = probes.GroupBy(p => p.Name.Region).ToList();
        var required = plan.Definition.JoinedRegions ? regions.Count : 1;
        var acked = meter.Acked.ToArray();

        var answers = new System.Collections.Concurrent.ConcurrentDictionary<ulong, string>();
        listener.Probe = m => (m.Trace.Span & ProbeBit) != 0 && answers.TryAdd(m.Trace.Span, m.Intention);
        var span = ProbeBit;
        var present = new HashSet<(string Key, string Region, string Zone)>();
        var missing = acked.ToList();
        var wrong = new HashSet<(string Key, string Region, string Zone)>();
        var rounds = 0;
        var settling = Stopwatch.StartNew();
        while (true)
        {
            rounds++;
            var asked = new Dictionary<ulong, (string Key, string Value, string Region, string Zone)>();
            foreach (var (key, value) in missing)
            {
                foreach (var probe in probes.Where(p => !present.Contains((key, p.Name.Region, p.Name.Zone))))
                {
                    span++;
                    asked[span] = (key, value, probe.Name.Region, probe.Name.Zone);
                    _ = client.GetNanoservice(probe.FullName).GetRequest(new GotocolMessage(Imposition.GetRequest, controller, DateTime.UtcNow, key,
                        new TraceContext(span, 0, span)));
                }
            }
            // Only the still unanswered are looked at on each poll: a round can ask hundreds of thousands.
            var unanswered = asked.Keys.ToHashSet();
            var waited = Stopwatch.StartNew();
            while (true)
            {
                unanswered.RemoveWhere(answers.ContainsKey);
                if (unanswered.Count == 0 || waited.Elapsed >= settings.RequestTimeout) break;
                await Task.Delay(20, cancellationToken);
            }
            foreach (var (id, q) in asked)
            {
                if (!answers.TryRemove(id, out var answer) || !Intention.TrySplitPair(answer, out _, out var got)) continue;
                if (got == q.Value)
                {
                    present.Add((q.Key, q.Region, q.Zone));
                    wrong.Remove((q.Key, q.Region, q.Zone));
                }
                else
                {
                    wrong.Add((q.Key, q.Region, q.Zone));
                }
            }
            missing = [.. missing.Where(kv => regions.Count(r => r.All(p => present.Contains((kv.Key, p.Name.Region, p.Name.Zone)))) < required)];
            if (missing.Count == 0 || settling.Elapsed >= settings.RequestTimeout) break;
            await Task.Delay(250, cancellationToken);
        }
        listener.Probe = null;

        var reads = (long)acked.Length * probes.Count;
        var report = new ReadBackReport(acked.Length, probes.Count, reads, present.Count, wrong.Count, [.. missing.Select(kv => kv.Key)], null);
        log.Info($"{plan.Definition.Arch}: read-your-writes: {acked.Length} acknowledged keys × {probes.Count} zones: {present.Count}/{reads} read back " +
            $"in {rounds} round{(rounds == 1 ? "" : "s")} ({settling.Elapsed.TotalSeconds:0.0}s), {missing.Count} keys missing somewhere" +
            string.Concat(missing.Take(5).Select(kv => $"; {kv.Key} not in " + string.Join(", ", probes
                .Where(p => !present.Contains((kv.Key, p.Name.Region, p.Name.Zone)))
                .Select(p => $"{p.Name.Region} {p.Name.Zone}{(wrong.Contains((kv.Key, p.Name.Region, p.Name.Zone)) ? " (another value)" : "")}")))));
        return report;
    }
}
