using Spigo.Client.Cli;
using Spigo.Edda;
using Spigo.Gotocol;
using Spigo.Names;

namespace Spigo.Client.Architectures;

/// <summary>
/// Injects the faults of --chaos into a running architecture at their times, and opens a phase of the traffic's
/// figures at each (and at the end of each fault that lasts D). Nanoservices it stops leave with a Goodbye "chaos" (Edda
/// records each so) and are retired from the rebuilder: they stay down for the rest of the run, or, when their fault
/// lasts D, until the rebuilder sets them up again.
/// </summary>
public sealed class SimianArmy
{
    private readonly IGrainFactory _grains;
    private readonly ArchitecturePlan _plan;
    private readonly Fleet _fleet;
    private readonly IGotocolListener _controller;
    private readonly Rebuilder _rebuilder;
    private readonly TrafficMeter _meter;
    private readonly SpigoLog _log;
    private readonly Spigo.Edda.IEdda? _edda;
    private readonly Random _rng;
    private readonly List<(TimeSpan At, Action Act)> _schedule;
    private readonly HashSet<string> _stopped = new(StringComparer.Ordinal);
    private readonly HashSet<string> _down = new(StringComparer.Ordinal);
    private readonly HashSet<string> _restored = new(StringComparer.Ordinal);
    /// <summary>What each stopping fault in force holds down: what it stopped, and what faults that ended inside it handed over.</summary>
    private readonly Dictionary<Fault, List<string>> _held = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<Fault> _ended = new(ReferenceEqualityComparer.Instance);
    /// <summary>The gorillas and kongs in force (asked from the auto-scaler's thread: no instance launches in a place that is out).</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Fault, byte> _outages = new(ReferenceEqualityComparer.Instance);
    private readonly List<Task> _restoring = [];
    /// <summary>The errors and latency the monkeys set, by service and setting: a node that comes back meanwhile is told them too.</summary>
    private readonly Dictionary<(string Service, string Setting), string> _inForce = [];
    /// <summary>
    /// Nodes down or being set up again by Asgard (under <see cref="_inForce"/>'s lock): a monkey's word must not reach
    /// them — it would wake an empty activation before the setup does — so they are told what is in force once set up.
    /// </summary>
    private readonly HashSet<string> _untold = new(StringComparer.Ordinal);
    /// <summary>The partitions in force, each with the telling of the silos, which a heal must wait for.</summary>
    private readonly Dictionary<Fault, Task> _cut = [];
    private static readonly TimeSpan RegistryLag = TimeSpan.FromSeconds(1);
    private int _next;

    public SimianArmy(IGrainFactory grains, Fleet fleet, IReadOnlyList<Fault> faults, IGotocolListener controller,
        Rebuilder rebuilder, TrafficMeter meter, Random rng, SpigoLog log, Spigo.Edda.IEdda? edda = null)
    {
        _edda = edda;
        _rng = rng;
        _grains = grains;
        _fleet = fleet;
        _plan = fleet.Plan;
        _controller = controller;
        _rebuilder = rebuilder;
        _meter = meter;
        _log = log;
        _schedule = Schedule(faults);
    }

    /// <summary>Every nanoservice and registry the faults stopped (those that came back included).</summary>
    public IReadOnlySet<string> Stopped => _stopped;

    /// <summary>Those the faults stopped that are still down: they are not asked for a Goodbye at the end.</summary>
    public IReadOnlySet<string> Down => _down;

    /// <summary>Whether a gorilla or kong has the zone (region.zone) out now.</summary>
    public bool HoldsZone(string regionZone) => _outages.Keys.Any(f => f.Kind == Fault.Kong
        ? regionZone.StartsWith(f.Target + ".", StringComparison.Ordinal) : $"{f.Zone.Region}.{f.Zone.Zone}" == regionZone);

    /// <summary>Whether a fault holds <paramref name="name"/> down now (asked from the auto-scaler's thread).</summary>
    public bool IsDown(string name)
    {
        lock (_down) return _down.Contains(name);
    }

    /// <summary>Those that came back when their fault ended.</summary>
    public IReadOnlySet<string> Restored => _restored;

    private List<(TimeSpan At, Action Act)> Schedule(IReadOnlyList<Fault> all)
    {
        var schedule = new List<(TimeSpan At, Action Act)>();
        foreach (var fault in all)
        {
            schedule.Add((fault.At, () => Inject(fault)));
            // The zone's Eureka goes a moment after its nodes, so that their Deletes reach the other zones' registries
            // and routers there Forget them: without leases, that is how traffic learns to go round the zone.
            if (fault.Kind is Fault.Gorilla or Fault.Kong) schedule.Add((fault.At + RegistryLag, () => StopRegistries(fault)));
            if (fault is { Kind: Fault.Partition, For: { } cut }) schedule.Add((fault.At + cut, () => _ = Heal(fault)));
            if (fault is { Stops: true, For: { } down }) schedule.Add((fault.At + down, () => _restoring.Add(Restore(fault))));
            if (fault is { Kind: Fault.LatencyMonkey, For: { } span })
            {
                var own = _plan.Definition.Services.First(s => s.Name == fault.Target).Latency;
                schedule.Add((fault.At + span, () => SetLatency(fault, own, Phase.AfterPrefix + fault.Name)));
            }
            if (fault is { Kind: Fault.ErrorMonkey, For: { } failing }) schedule.Add((fault.At + failing, () => SetErrors(fault, 0, Phase.AfterPrefix + fault.Name)));
        }
        return [.. schedule.OrderBy(s => s.At)];
    }

    /// <summary>Injects whatever has come due by <paramref name="elapsed"/> into the traffic.</summary>
    public void Advance(TimeSpan elapsed)
    {
        while (_next < _schedule.Count && _schedule[_next].At <= elapsed) _schedule[_next++].Act();
    }

    private void Inject(Fault fault)
    {
        switch (fault.Kind)
        {
            case Fault.Monkey:
                var candidates = _fleet.OfService(fault.Target).Where(n => !_down.Contains(n.FullName)).ToArray();
                if (candidates.Length == 0)
                {
                    _log.Info($"{_plan.Definition.Arch}: chaos monkey finds no instance of {fault.Target} left to stop");
                    return;
                }
                Stop([candidates[_rng.Next(candidates.Length)].FullName], fault);
                break;
            case Fault.Gorilla:
                _outages[fault] = 0;
                var (region, zone) = fault.Zone;
                Stop([.. _fleet.Nodes.Where(n => n.Name.Region == region && n.Name.Zone == zone).Select(n => n.FullName)], fault);
                break;
            case Fault.ErrorMonkey:
                SetErrors(fault, fault.ErrorRate ?? 0, fault.Name);
                break;
            case Fault.Kong:
                _outages[fault] = 0;
                Stop([.. _fleet.Nodes.Where(n => n.Name.Region == fault.Target).Select(n => n.FullName)], fault);
                break;
            case Fault.Partition:
                _cut[fault] = Cut(fault);
                break;
            default:
                SetLatency(fault, fault.Latency, fault.Name);
                break;
        }
    }

    /// <summary>
    /// When the traffic ends: heals every partition still cut (a cluster outlives the run, and the next run of the same
    /// architecture must not inherit its network) and waits for what is coming back, so that it is asked for a Goodbye.
    /// </summary>
    public async Task Settle()
    {
        foreach (var fault in _cut.Keys.ToArray()) await Heal(fault);
        await Task.WhenAll(_restoring);
    }

    /// <summary>Cuts the network between the partition's sides on every silo.</summary>
    private async Task Cut(Fault fault)
    {
        _meter.StartPhase(fault.Name);
        var (a, b) = fault.Sides;
        _log.Info($"{_plan.Definition.Arch}: {fault.Name}: messages between {a} and {b} are lost" +
            (fault.For is { } span ? $" for {GoDuration.Format(span)}" : ""));
        Record(fault.Target, EddaEvent.Partition);
        try
        {
            await Task.WhenAll((await Networks()).Select(n => n.Cut(_plan.Definition.Arch, a, b)));
        }
        catch (Exception e) when (e is OrleansException or TimeoutException)
        {
            _log.Info($"{_plan.Definition.Arch}: {fault.Name}: a silo could not be told: {e.Message}");
        }
    }

    /// <summary>Heals the partition on every silo and says what it cost.</summary>
    private async Task Heal(Fault fault)
    {
        if (!_cut.Remove(fault, out var cutting)) return;
        await cutting;
        _meter.StartPhase(Phase.AfterPrefix + fault.Name);
        var (a, b) = fault.Sides;
        Record(fault.Target, EddaEvent.PartitionHealed);
        try
        {
            var healed = await Task.WhenAll((await Networks()).Select(n => n.Heal(_plan.Definition.Arch, a, b)));
            _log.Info($"{_plan.Definition.Arch}: {fault.Name} healed: {healed.Sum(h => h.Lost)} messages were lost to it, " +
                $"{healed.Sum(h => h.Handed)} copies of writes among them handed over now");
            // Writes a node could not address across the cut (it had not heard of the other side's nodes) were never
            // sent, so no hint holds them: the ring nodes ask their peers for their ranges again.
            foreach (var node in _plan.Nodes.Where(n => Spigo.Architecture.Packages.IsRing(n.Name.Package) && !_down.Contains(n.FullName)))
            {
                _ = _grains.GetNanoservice(node.FullName).Inform(GotocolMessage.Create(Imposition.Inform, null, Intention.Repair));
            }
        }
        catch (Exception e) when (e is OrleansException or TimeoutException)
        {
            _log.Info($"{_plan.Definition.Arch}: {fault.Name}: a silo could not be told it healed: {e.Message}");
        }
    }

    private async Task<IEnumerable<Spigo.Runs.ISiloNetwork>> Networks()
    {
        var silos = await _grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
        return silos.Keys.Select(s => _grains.GetGrain<Spigo.Runs.ISiloNetwork>(Spigo.Runs.SiloKey.Of(Spigo.Runs.SiloKey.Network, s)));
    }

    private void StopRegistries(Fault fault)
    {
        // A fault shorter than the registries' lag has ended already: its zone's registries never went.
        if (_ended.Contains(fault)) return;
        var (region, zone) = fault.Kind == Fault.Kong ? (fault.Target, null) : fault.Zone;
        foreach (var registry in _plan.Registries.Where(r => r.Region == region && (zone is null || r.Zone == zone) && !_down.Contains(r.ToString())))
        {
            _log.Info($"{_plan.Definition.Arch}: {fault.Name}: stopping {registry}");
            Retire(registry.ToString(), fault);
        }
    }

    private void Retire(string name, Fault fault)
    {
        _stopped.Add(name);
        lock (_down) _down.Add(name);
        lock (_inForce) _untold.Add(name);
        _held[fault].Add(name);
        _rebuilder.Retire(name);
        _ = _grains.GetNanoservice(name).Goodbye(GotocolMessage.Create(Imposition.Goodbye, _controller, ExitReason.Chaos));
    }

    /// <summary>Stops what another fault has not stopped already; the fault holds them down until it ends.</summary>
    private void Stop(string[] candidates, Fault fault)
    {
        string[] names = [.. candidates.Where(n => !_down.Contains(n))];
        _held[fault] = [];
        _meter.StartPhase(fault.Name);
        Record(fault.Target, EddaEvent.Of(fault.Kind, Count(names)));
        _log.Info($"{_plan.Definition.Arch}: {fault.Name}: stopping {names.Length} nanoservice{(names.Length == 1 ? "" : "s")}" +
            (names.Length == 1 ? $" ({names[0]})" : "") + (fault.For is { } span ? $" for {GoDuration.Format(span)}" : ""));
        foreach (var name in names) Retire(name, fault);
    }

    /// <summary>How an event names what a fault stopped or brought back: the one nanoservice, or how many.</summary>
    private static string Count(string[] names) => names.Length == 1 ? names[0] : names.Length.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// A stopping fault's D is over: what it holds comes back as an auto-scaling group brings instances back, set up
    /// again from the plan by the rebuilder — the registries first, so that the nodes register with them — and joins
    /// the traffic again as the routers and the Denominator learn of it from Eureka. What another fault in force still
    /// covers (a zone inside a region kong holds) is handed to that fault instead.
    /// </summary>
    private async Task Restore(Fault fault)
    {
        _ended.Add(fault);
        _outages.TryRemove(fault, out _);
        if (!_held.Remove(fault, out var held)) return;
        var back = new List<string>();
        foreach (var name in held)
        {
            if (_held.Keys.FirstOrDefault(other => Covers(other, name)) is { } other) _held[other].Add(name);
            else back.Add(name);
        }
        var registries = back.Where(n => NanoName.Parse(n).Package == Spigo.Architecture.Packages.Eureka).ToArray();
        var nodes = back.Except(registries).ToArray();
        lock (_down) _down.ExceptWith(back);
        _restored.UnionWith(back);
        _meter.StartPhase(Phase.AfterPrefix + fault.Name);
        Record(fault.Target, EddaEvent.Of(EddaEvent.Ended(fault.Kind), Count(nodes)));
        await Task.WhenAll(registries.Select(_rebuilder.Restore));
        var done = await Task.WhenAll(nodes.Select(async name => await _rebuilder.Restore(name) && Remind(name)));
        lock (_inForce) _untold.ExceptWith(registries);
        var up = done.Count(d => d);
        _log.Info($"{_plan.Definition.Arch}: after {fault.Name}: {up} nanoservice{(up == 1 ? "" : "s")}" +
            (registries.Length > 0 ? $" and {registries.Length} Eureka registr{(registries.Length == 1 ? "y" : "ies")}" : "") +
            (nodes.Length == 1 ? $" ({nodes[0]})" : "") + " came back, set up again by Asgard" +
            (up < done.Length ? $"; {done.Length - up} could not be reached" : ""));
    }

    /// <summary>Whether a fault in force holds <paramref name="name"/>'s place down (a monkey holds just the instances it stopped).</summary>
    private static bool Covers(Fault fault, string name) => NanoName.TryParse(name, out var parsed, out _) && fault.Kind switch
    {
        Fault.Gorilla => (parsed.Region, parsed.Zone) == fault.Zone,
        Fault.Kong => parsed.Region == fault.Target,
        _ => false,
    };

    /// <summary>Tells a node that came back (set up again) the errors and latency a monkey has its service under now.</summary>
    private bool Remind(string name)
    {
        var service = NanoName.Parse(name).Service;
        KeyValuePair<(string Service, string Setting), string>[] settings;
        lock (_inForce)
        {
            _untold.Remove(name);
            settings = [.. _inForce.Where(f => f.Key.Service == service)];
        }
        foreach (var ((_, setting), value) in settings)
        {
            _ = _grains.GetNanoservice(name).Inform(GotocolMessage.Create(Imposition.Inform, null, Intention.Pair(setting, value)));
        }
        return true;
    }

    private void SetErrors(Fault fault, double rate, string phase)
    {
        _meter.StartPhase(phase);
        var text = rate.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture);
        _log.Info($"{_plan.Definition.Arch}: {phase}: {fault.Target} fails {rate:0.##%} of its requests");
        Record(fault.Target, rate > 0 ? EddaEvent.Of(EddaEvent.Errors, $"{rate * 100:0.##}%")
            : EddaEvent.Ended(EddaEvent.Errors));
        Tell(fault.Target, Intention.Errors, text);
    }

    /// <summary>Edda's record of what the army did, as an event: "subject what" (e.g. "us-east-1.zoneA gorilla").</summary>
    private void Record(string subject, string what) => _edda?.Listen(GotocolMessage.Create(Imposition.Put, null, Intention.Pair(subject, what)));

    private void SetLatency(Fault fault, ServiceTime? latency, string phase)
    {
        _meter.StartPhase(phase);
        var text = latency?.ToString() ?? "fixed:0s";
        _log.Info($"{_plan.Definition.Arch}: {phase}: {fault.Target} takes {text} over each request");
        Record(fault.Target, phase.StartsWith(Phase.AfterPrefix, StringComparison.Ordinal) ? EddaEvent.Ended(EddaEvent.Latency)
            : EddaEvent.Of(EddaEvent.Latency, text));
        Tell(fault.Target, Intention.Latency, text);
    }

    /// <summary>
    /// Puts <paramref name="service"/> under a setting and tells its nodes — those that are up: the others are told
    /// when they are set up again (<see cref="Remind"/>).
    /// </summary>
    private void Tell(string service, string setting, string value)
    {
        string[] nodes;
        lock (_inForce)
        {
            _inForce[(service, setting)] = value;
            nodes = [.. _fleet.OfService(service).Select(n => n.FullName).Where(n => !_untold.Contains(n))];
        }
        foreach (var node in nodes) _ = _grains.GetNanoservice(node).Inform(GotocolMessage.Create(Imposition.Inform, null, Intention.Pair(setting, value)));
    }
}
