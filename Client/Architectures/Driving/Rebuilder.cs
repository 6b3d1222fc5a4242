using System.Collections.Concurrent;
using Spigo.Client.Cli;
using Spigo.Gotocol;
using Spigo.Names;

namespace Spigo.Client.Architectures;

/// <summary>
/// Asgard's rebuild of nanoservices that come back empty ("rebuild" is this project's one word for it): one whose silo
/// was lost comes back empty on another silo and says Hello to the controller (found through the run book); the
/// rebuilder sends it its setup again, so it re-registers with its zone's Eureka and rejoins traffic. Nanoservices that left on purpose (the
/// chaos monkey's victim, what a fault stopped) and every nanoservice once shutdown has begun are not replaced; a
/// fault that ends brings its nanoservices back through <see cref="Restore"/>, set up the same way.
/// </summary>
public sealed class Rebuilder(IGrainFactory grains, Fleet fleet, SetupBatches batches, SpigoLog log)
{
    private readonly ArchitecturePlan _plan = fleet.Plan;
    private readonly Dictionary<string, NanoName> _registries = fleet.Plan.Registries.ToDictionary(r => r.ToString(), StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTime> _replaced = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _retired = new(StringComparer.Ordinal);
    /// <summary>When each nanoservice a fault had stopped was set up again.</summary>
    private readonly ConcurrentDictionary<string, DateTime> _restored = new(StringComparer.Ordinal);
    private volatile bool _armed;
    private volatile bool _stopped;

    /// <summary>When the first replacement was asked for: the moment the loss was noticed.</summary>
    public DateTime? FirstLoss => _replaced.IsEmpty ? null : _replaced.Values.Min();

    public IReadOnlyList<string> Replaced => [.. _replaced.Keys.Order(StringComparer.Ordinal)];

    /// <summary>A nanoservice that left on purpose: never replaced.</summary>
    public void Retire(string name) => _retired.TryAdd(name, 0);

    /// <summary>
    /// Setup is done: from now on a Hello is a lost nanoservice. (Before, it is a stray activation of an earlier run of
    /// the same architecture on this cluster, woken by a late message; the run's own setup reaches it anyway.)
    /// </summary>
    public void Arm() => _armed = true;

    /// <summary>Shutdown has begun: a nanoservice found empty now answers Goodbye as lost instead.</summary>
    public void Stop() => _stopped = true;

    /// <summary>Sets up again a nanoservice that asked at <paramref name="asked"/> (its Hello's time) because it came back empty.</summary>
    public async Task Rebuild(string name, DateTime asked)
    {
        if (!_armed || _stopped || _retired.ContainsKey(name) || !fleet.TryGet(name, out _) && !_registries.ContainsKey(name)) return;
        // Asked before it was restored: a stray activation of the stopped nanoservice (woken by a peer's copy or a poll
        // while it was down), which the restore has set up since. (Processes' clocks agree to well within a restore
        // while hosts are kept in step: see SteadyClock.)
        if (_restored.TryGetValue(name, out var restored) && asked <= restored) return;
        // Each activation asks once; a nanoservice lost twice (two silos in turn) is set up twice.
        if (_replaced.TryAdd(name, SteadyClock.UtcNow) && _replaced.Count == 1) log.Info($"{_plan.Definition.Arch}: {name} came back empty (its silo was lost): Asgard sets it up again");
        // Its new silo went too: it asks again from wherever it comes back.
        await SetUpAgain(name, Intention.Replacement);
    }

    /// <summary>
    /// Brings back a nanoservice or registry a fault had stopped: it is set up again from the plan, starts empty (as an
    /// instance an auto-scaling group launches) and, no longer retired, is replaced like any other if its silo is lost.
    /// False when it could not be (shutdown has begun, or its silo could not be reached).
    /// </summary>
    public async Task<bool> Restore(string name)
    {
        if (_stopped) return false;
        var done = await SetUpAgain(name, Intention.Restored);
        // Retired until set up, and its asks from before then ignored: a stray activation's must not be taken for a silo loss.
        _restored[name] = SteadyClock.UtcNow;
        _retired.TryRemove(name, out _);
        return done;
    }

    private async Task<bool> SetUpAgain(string name, string why)
    {
        GotocolMessage[] setup;
        if (fleet.TryGet(name, out var node)) setup = batches.Node(node);
        else if (_registries.TryGetValue(name, out var registry)) setup = batches.Registry(registry);
        else return false;
        // Right after the Hello that names it: the nanoservice learns that it starts empty, and why.
        setup = [setup[0], GotocolMessage.Create(Imposition.Inform, null, why), .. setup[1..]];
        try
        {
            await grains.GetNanoservice(name).Deliver(setup);
            return true;
        }
        catch (Exception e) when (e is OrleansException or TimeoutException)
        {
            log.Info($"{_plan.Definition.Arch}: setting {name} up again failed: {e.Message}");
            return false;
        }
    }
}
