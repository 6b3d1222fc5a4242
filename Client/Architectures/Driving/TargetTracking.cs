using System.Diagnostics;
using Spigo.Client.Cli;
using Spigo.Edda;
using Spigo.Gotocol;
using Spigo.Names;
using Spigo.Runs;

namespace Spigo.Client.Architectures;

/// <summary>
/// The reactive auto-scaler (--autoscale): for each service with a <see cref="ScalingPolicy"/>, it reads the
/// time-averaged utilization of the service's workers in each zone over each period (summed over the silos; scaled up by
/// the requests refused, so that a saturated zone is sized for the load it is offered rather than for 100%) and, as
/// AWS target tracking does, launches instances when the zone needs more to come back to the target, or drains and
/// takes out idle ones when it needs fewer. A launched instance boots for the policy's time, then is set up like any
/// other (it registers with its zone's Eureka and the callers learn of it); one taken out leaves its registries first,
/// serves what still reaches it and goes only once it holds nothing. Every action is an Edda event and is counted.
/// </summary>
public sealed class TargetTracking : IDisposable
{
    /// <summary>How often the zones' figures are read; each service is judged once a period of its own.</summary>
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(250);

    /// <summary>How long a draining instance keeps serving before it may go: its callers forget it at once, and messages to it land meanwhile.</summary>
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(1);

    private readonly IGrainFactory _grains;
    private readonly Fleet _fleet;
    private readonly SetupBatches _batches;
    private readonly Rebuilder _rebuilder;
    private readonly IGotocolListener _controller;
    private readonly Spigo.Edda.IEdda? _edda;
    private readonly SpigoLog _log;
    private readonly SimianArmy _army;
    private readonly Dictionary<string, ScalingPolicy> _policies;
    private readonly Dictionary<(string Service, string Zone), ZoneGroup> _zones = [];
    private readonly List<ScalingAction> _actions = [];
    private readonly List<Task> _booting = [];
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Stopwatch _clock = new();
    private Task _loop = Task.CompletedTask;
    private bool _stopped;

    public TargetTracking(IGrainFactory grains, Fleet fleet, SetupBatches batches, Rebuilder rebuilder, IGotocolListener controller,
        Spigo.Edda.IEdda? edda, SpigoLog log, SimianArmy army)
    {
        (_grains, _fleet, _batches, _rebuilder, _controller, _edda, _log, _army) = (grains, fleet, batches, rebuilder, controller, edda, log, army);
        _policies = fleet.Plan.Definition.Services.Where(s => s.Autoscale is not null).ToDictionary(s => s.Name, s => s.Autoscale!, StringComparer.Ordinal);
    }

    public bool Tracking => _policies.Count > 0;

    private string Arch => _fleet.Plan.Definition.Arch;

    /// <summary>What it did, in order.</summary>
    public IReadOnlyList<ScalingAction> Actions
    {
        get { lock (_lock) return [.. _actions]; }
    }

    /// <summary>Starts watching, with the traffic.</summary>
    public void Start()
    {
        if (!Tracking) return;
        _clock.Start();
        _log.Info($"{Arch}: auto-scaler tracking " + string.Join(", ", _policies.Select(p => $"{p.Key} ({p.Value})")));
        _loop = Task.Run(Watch);
    }

    /// <summary>
    /// Stops acting (the traffic is over): instances still booting are not launched, and those still draining stay until
    /// the run's Goodbye. Returns once nothing it started is under way.
    /// </summary>
    public async Task Stop()
    {
        lock (_lock) _stopped = true;
        await _stop.CancelAsync();
        await _loop;
        Task[] booting;
        lock (_lock) booting = [.. _booting];
        await Task.WhenAll(booting);
    }

    private async Task Watch()
    {
        using var ticker = new PeriodicTimer(Tick);
        try
        {
            while (await ticker.WaitForNextTickAsync(_stop.Token))
            {
                IReadOnlyList<WorkerShare> shares;
                try
                {
                    shares = await Runs.SiloTelemetries.WorkersAsync(_grains, Arch);
                }
                catch (Exception e) when (e is OrleansException or TimeoutException)
                {
                    continue; // a silo going: the next reading will do
                }
                lock (_lock)
                {
                    if (_stopped) return;
                    foreach (var share in shares.Where(s => _policies.ContainsKey(s.Service))) Look(_policies[share.Service], share);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>A zone's reading: once a period, the utilization since the last decides.</summary>
    private void Look(ScalingPolicy policy, WorkerShare share)
    {
        var now = _clock.Elapsed;
        if (!_zones.TryGetValue((share.Service, share.Zone), out var group))
        {
            _zones[(share.Service, share.Zone)] = new ZoneGroup { Before = share, NextLook = now + policy.Period };
            return;
        }
        // A zone that is out takes no decision, and its figures while out are no base for the next. One that comes back
        // is judged a period later, and drained only after a cooldown: what came back with it is idle for a moment.
        var out_ = _army.HoldsZone(share.Zone);
        if (out_ || group.Out)
        {
            if (!out_) group.LastAction = now;
            group.Out = out_;
            group.Before = share;
            group.NextLook = now + policy.Period;
            return;
        }
        if (now < group.NextLook) return;
        // One that went otherwise meanwhile (a fault stopped it, or it was the chaos monkey's victim) drains no more.
        group.Draining.RemoveWhere(name => _army.IsDown(name) || !_fleet.TryGet(name, out _));
        var utilization = share.DemandSince(group.Before);
        group.Before = share;
        group.NextLook = now + policy.Period;
        // Draining instances hold their workers until they go; a zone a fault holds down has none serving.
        var serving = (int)share.Instances - group.Draining.Count;
        if (utilization is not { } u || serving <= 0) return;
        var desired = policy.Desired(serving, u);
        var coming = serving + group.Booting;
        if (desired > coming)
        {
            Launch(policy, share, group, desired - coming, u);
        }
        else if (desired < serving && group.Booting == 0 && now - group.LastAction >= policy.Cooldown)
        {
            TakeOut(share, group, serving - desired, u);
        }
    }

    private void Launch(ScalingPolicy policy, WorkerShare share, ZoneGroup group, int count, double utilization)
    {
        var (region, zone) = SplitZone(share.Zone);
        var template = _fleet.OfService(share.Service).First();
        var nodes = Enumerable.Range(0, count).Select(_ => NewInstance(template, region, zone)).ToList();
        group.Booting += count;
        group.LastAction = _clock.Elapsed;
        Act(share, +count, (int)share.Instances - group.Draining.Count + group.Booting, utilization);
        foreach (var node in nodes) _booting.Add(Boot(node, policy.Boot, group));
    }

    /// <summary>A name never used in this run, numbered as Asgard numbers a zone's instances (instance i is in zone i mod 3).</summary>
    private PlannedNode NewInstance(PlannedNode template, string region, string zone)
    {
        var service = template.Name.Service;
        var number = Geography.Zones.ToList().IndexOf(zone);
        NanoName name;
        do
        {
            number += Geography.Zones.Count;
            name = new NanoName(Arch, region, zone, service, template.Name.Package, service + number);
        }
        while (_fleet.Used(name.ToString()) || _reserved.Contains(name.ToString()));
        var node = new PlannedNode(name, template.Dependencies);
        _reserved.Add(node.FullName);
        return node;
    }

    /// <summary>Names given to instances still booting.</summary>
    private readonly HashSet<string> _reserved = new(StringComparer.Ordinal);

    private async Task Boot(PlannedNode node, TimeSpan boot, ZoneGroup group)
    {
        try
        {
            await Task.Delay(boot, _stop.Token);
            if (_army.HoldsZone(node.Name.Region + "." + node.Name.Zone))
            {
                _log.Info($"{Arch}: auto-scaler: {node.FullName} does not come up: its zone went out while it booted");
                return;
            }
            _fleet.Launch(node);
            if (_edda is not null) await _edda.Record([GotocolMessage.Create(Imposition.Hello, null, Intention.Pair(node.FullName, node.Name.Package))]);
            await _grains.GetNanoservice(node.FullName).Deliver(_batches.Node(node));
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e) when (e is OrleansException or TimeoutException)
        {
            _log.Info($"{Arch}: auto-scaler: launching {node.FullName} failed: {e.Message}");
        }
        finally
        {
            lock (_lock)
            {
                group.Booting--;
                _reserved.Remove(node.FullName);
            }
        }
    }

    /// <summary>Drains the zone's newest instances (those the auto-scaler launched before those planned), none a fault holds down.</summary>
    private void TakeOut(WorkerShare share, ZoneGroup group, int count, double utilization)
    {
        var (region, zone) = SplitZone(share.Zone);
        var chosen = _fleet.OfService(share.Service)
            .Where(n => n.Name.Region == region && n.Name.Zone == zone && !group.Draining.Contains(n.FullName) && !_army.IsDown(n.FullName))
            .OrderByDescending(n => InstanceNumber(n.Name)).Take(count).ToList();
        if (chosen.Count == 0) return;
        group.LastAction = _clock.Elapsed;
        foreach (var node in chosen)
        {
            group.Draining.Add(node.FullName);
            _ = _grains.GetNanoservice(node.FullName).Inform(GotocolMessage.Create(Imposition.Inform, null, Intention.Pair(Intention.Drain, GoDuration.Format(Grace))));
        }
        Act(share, -chosen.Count, (int)share.Instances - group.Draining.Count + group.Booting, utilization);
    }

    /// <summary>Whether the auto-scaler is taking this instance out.</summary>
    public bool IsDraining(string name)
    {
        lock (_lock) return _zones.Values.Any(g => g.Draining.Contains(name));
    }

    /// <summary>Instances still draining when it stopped: the run's Goodbye ends them.</summary>
    public int StillDraining
    {
        get { lock (_lock) return _zones.Values.Sum(g => g.Draining.Count); }
    }

    /// <summary>A draining instance holds nothing any more: it leaves for good (unless the traffic is over: then the run's Goodbye ends it).</summary>
    public void Drained(string name)
    {
        lock (_lock)
        {
            if (_stopped || !NanoName.TryParse(name, out var parsed, out _)
                || !_zones.TryGetValue((parsed.Service, parsed.Region + "." + parsed.Zone), out var group) || !group.Draining.Remove(name))
            {
                return;
            }
            _fleet.TakeOut(name);
            _rebuilder.Retire(name);
        }
        _ = _grains.GetNanoservice(name).Goodbye(GotocolMessage.Create(Imposition.Goodbye, _controller, ExitReason.ScaledIn));
    }

    private void Act(WorkerShare share, int change, int instances, double utilization)
    {
        var action = new ScalingAction(_clock.Elapsed.TotalSeconds, SteadyClock.UtcNow, share.Service, share.Zone, change, instances, utilization);
        _actions.Add(action);
        var direction = change > 0 ? "out" : "in";
        Metrics.DriverMetrics.Shared.ScalingActions.Add(Math.Abs(change), new("architecture", Arch), new("service", share.Service),
            new("zone", share.Zone), new("direction", direction));
        _edda?.Listen(GotocolMessage.Create(Imposition.Put, null, Intention.Pair(share.Service,
            EddaEvent.Of(change > 0 ? EddaEvent.ScaleOut : EddaEvent.ScaleIn, $"{share.Zone}:{change:+0;-0}"))));
        _log.Info($"{Arch}: auto-scaler: {share.Service} in {share.Zone} at {utilization:0%} of its workers' capacity: " +
            (change > 0 ? $"launching {change} (serving after boot)" : $"draining {-change}") + $", {instances} there then");
    }

    public void Dispose() => _stop.Dispose();

    private static (string Region, string Zone) SplitZone(string regionZone)
    {
        var dot = regionZone.IndexOf('.', StringComparison.Ordinal);
        return (regionZone[..dot], regionZone[(dot + 1)..]);
    }

    private static long InstanceNumber(NanoName name)
    {
        var digits = name.Instance.AsSpan(name.Service.Length);
        return long.TryParse(digits, out var n) ? n : -1;
    }

    private sealed class ZoneGroup
    {
        public WorkerShare? Before { get; set; }
        public TimeSpan NextLook { get; set; }
        public TimeSpan LastAction { get; set; } = TimeSpan.MinValue / 2;
        public int Booting { get; set; }
        public bool Out { get; set; }
        public HashSet<string> Draining { get; } = new(StringComparer.Ordinal);
    }
}
