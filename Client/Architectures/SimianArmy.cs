using Spigo.Client.Cli;
using Spigo.Gotocol;

namespace Spigo.Client.Architectures;

/// <summary>
/// Injects the faults of --chaos into a running architecture at their times, and opens a phase of the traffic's
/// figures at each (and at the end of each latency fault). Nanoservices it stops leave with a Goodbye "chaos" (Edda
/// records each so) and are retired from the auto-scaler: they stay down for the rest of the run.
/// </summary>
public sealed class SimianArmy
{
    private readonly IGrainFactory _grains;
    private readonly ArchitecturePlan _plan;
    private readonly IGotocolListener _controller;
    private readonly AutoScaler _autoScaler;
    private readonly TrafficMeter _meter;
    private readonly SpigoLog _log;
    private readonly Spigo.Edda.IEdda? _edda;
    private readonly Random _rng;
    private readonly List<(TimeSpan At, Action Act)> _schedule;
    private readonly HashSet<string> _stopped = new(StringComparer.Ordinal);
    /// <summary>The partitions in force, each with the telling of the silos, which a heal must wait for.</summary>
    private readonly Dictionary<Fault, Task> _cut = [];
    private static readonly TimeSpan RegistryLag = TimeSpan.FromSeconds(1);
    private int _next;

    public SimianArmy(IGrainFactory grains, ArchitecturePlan plan, IReadOnlyList<Fault> faults, IGotocolListener controller,
        AutoScaler autoScaler, TrafficMeter meter, Random rng, SpigoLog log, Spigo.Edda.IEdda? edda = null)
    {
        _edda = edda;
        _rng = rng;
        _grains = grains;
        _plan = plan;
        _controller = controller;
        _autoScaler = autoScaler;
        _meter = meter;
        _log = log;
        _schedule = Schedule(faults);
    }

    /// <summary>Every nanoservice and registry the faults stopped.</summary>
    public IReadOnlySet<string> Stopped => _stopped;

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
            if (fault is { Kind: Fault.LatencyMonkey, For: { } span })
            {
                var own = _plan.Definition.Services.First(s => s.Name == fault.Target).Latency;
                schedule.Add((fault.At + span, () => SetLatency(fault, own, "after " + fault.Name)));
            }
            if (fault is { Kind: Fault.ErrorMonkey, For: { } failing }) schedule.Add((fault.At + failing, () => SetErrors(fault, 0, "after " + fault.Name)));
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
                var candidates = _plan.OfService(fault.Target).Where(n => !_stopped.Contains(n.FullName)).ToArray();
                if (candidates.Length == 0)
                {
                    _log.Info($"{_plan.Definition.Arch}: chaos monkey finds no instance of {fault.Target} left to stop");
                    return;
                }
                Stop([candidates[_rng.Next(candidates.Length)].FullName], fault);
                break;
            case Fault.Gorilla:
                var (region, zone) = fault.Zone;
                Stop([.. _plan.Nodes.Where(n => n.Name.Region == region && n.Name.Zone == zone).Select(n => n.FullName)], fault);
                break;
            case Fault.ErrorMonkey:
                SetErrors(fault, fault.ErrorRate ?? 0, fault.Name);
                break;
            case Fault.Kong:
                Stop([.. _plan.Nodes.Where(n => n.Name.Region == fault.Target).Select(n => n.FullName)], fault);
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
    /// Heals every partition still cut when the traffic ends: a cluster outlives the run, and the next run of the same
    /// architecture must not inherit its network.
    /// </summary>
    public async Task HealRemaining()
    {
        foreach (var fault in _cut.Keys.ToArray()) await Heal(fault);
    }

    /// <summary>Cuts the network between the partition's sides on every silo.</summary>
    private async Task Cut(Fault fault)
    {
        _meter.StartPhase(fault.Name);
        var (a, b) = fault.Sides;
        _log.Info($"{_plan.Definition.Arch}: {fault.Name}: messages between {a} and {b} are lost" +
            (fault.For is { } span ? $" for {GoDuration.Format(span)}" : ""));
        Record(fault.Target, "partition");
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
        _meter.StartPhase("after " + fault.Name);
        var (a, b) = fault.Sides;
        Record(fault.Target, "partition-healed");
        try
        {
            var lost = (await Task.WhenAll((await Networks()).Select(n => n.Heal(_plan.Definition.Arch, a, b)))).Sum();
            _log.Info($"{_plan.Definition.Arch}: {fault.Name} healed: {lost} messages were lost to it");
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
        var (region, zone) = fault.Kind == Fault.Kong ? (fault.Target, null) : fault.Zone;
        foreach (var registry in _plan.Registries.Where(r => r.Region == region && (zone is null || r.Zone == zone)))
        {
            _log.Info($"{_plan.Definition.Arch}: {fault.Name}: stopping {registry}");
            Retire(registry.ToString());
        }
    }

    private void Retire(string name)
    {
        _stopped.Add(name);
        _autoScaler.Retire(name);
        _ = _grains.GetNanoservice(name).Goodbye(GotocolMessage.Create(Imposition.Goodbye, _controller, "chaos"));
    }

    private void Stop(string[] names, Fault fault)
    {
        _meter.StartPhase(fault.Name);
        Record(fault.Target, names.Length == 1 ? $"{fault.Kind}:{names[0]}" : $"{fault.Kind}:{names.Length}");
        _log.Info($"{_plan.Definition.Arch}: {fault.Name}: stopping {names.Length} nanoservice{(names.Length == 1 ? "" : "s")}" +
            (names.Length == 1 ? $" ({names[0]})" : ""));
        foreach (var name in names) Retire(name);
    }

    private void SetErrors(Fault fault, double rate, string phase)
    {
        _meter.StartPhase(phase);
        var text = rate.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture);
        _log.Info($"{_plan.Definition.Arch}: {phase}: {fault.Target} fails {rate:0.##%} of its requests");
        Record(fault.Target, rate > 0 ? $"errors:{rate * 100:0.##}%" : "errors-ended");
        foreach (var node in _plan.OfService(fault.Target))
        {
            _ = _grains.GetNanoservice(node.FullName).Inform(GotocolMessage.Create(Imposition.Inform, null, Intention.Pair(Intention.Errors, text)));
        }
    }

    /// <summary>Edda's record of what the army did, as an event: "subject what" (e.g. "us-east-1.zoneA gorilla").</summary>
    private void Record(string subject, string what) => _edda?.Listen(GotocolMessage.Create(Imposition.Put, null, Intention.Pair(subject, what)));

    private void SetLatency(Fault fault, ServiceTime? latency, string phase)
    {
        _meter.StartPhase(phase);
        var text = latency?.ToString() ?? "fixed:0s";
        _log.Info($"{_plan.Definition.Arch}: {phase}: {fault.Target} takes {text} over each request");
        Record(fault.Target, phase.StartsWith("after ", StringComparison.Ordinal) ? "latency-ended" : $"latency:{text}");
        foreach (var node in _plan.OfService(fault.Target))
        {
            _ = _grains.GetNanoservice(node.FullName).Inform(GotocolMessage.Create(Imposition.Inform, null, Intention.Pair(Intention.Latency, text)));
        }
    }
}
