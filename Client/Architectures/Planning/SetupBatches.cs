using Spigo.Architecture;
using Spigo.Edda;
using Spigo.Gotocol;
using Spigo.Names;

namespace Spigo.Client.Architectures;

/// <summary>
/// The messages that make a nanoservice what the plan says it is: sent once at setup, and again by the
/// <see cref="Rebuilder"/> to a nanoservice that came back empty after its silo was lost.
/// </summary>
public sealed class SetupBatches(IGrainFactory grains, ArchitecturePlan plan, IGotocolListener controller, IEdda? edda, TimeSpan eurekaPoll,
    NetworkDelays? network = null)
{
    private readonly string _poll = GoDuration.Format(eurekaPoll);
    private readonly Dictionary<string, ServiceTime> _serviceTimes = plan.Definition.Services
        .Where(s => s.Latency is not null).ToDictionary(s => s.Name, s => s.Latency!.Value, StringComparer.Ordinal);

    private readonly Dictionary<string, Capacity> _capacities = plan.Definition.Services
        .Where(s => s.Capacity is not null).ToDictionary(s => s.Name, s => s.Capacity!.Value, StringComparer.Ordinal);

    private readonly Dictionary<string, IReadOnlyDictionary<string, ResiliencePolicy>> _policies = plan.Definition.Services
        .Where(s => s.Resilience is { Count: > 0 }).ToDictionary(s => s.Name, s => s.Resilience!, StringComparer.Ordinal);

    /// <summary>A registry: its name and its peers in the region.</summary>
    public GotocolMessage[] Registry(NanoName registry, Action<NanoName>? eachPeer = null)
    {
        var batch = new List<GotocolMessage> { GotocolMessage.Create(Imposition.Hello, controller, registry.ToString()) };
        foreach (var peer in plan.Registries.Where(p => p.Region == registry.Region && p != registry))
        {
            batch.Add(GotocolMessage.Create(Imposition.NameDrop, grains.GetNanoservice(peer), peer.ToString()));
            eachPeer?.Invoke(peer);
        }
        return [.. batch];
    }

    /// <summary>
    /// A node: its name, Edda, where it registers and looks up, its dependencies, its service time, resilience policies
    /// and the network's delays (when there are any), and the Eureka poll interval.
    /// </summary>
    public GotocolMessage[] Node(PlannedNode node)
    {
        var batch = new List<GotocolMessage> { GotocolMessage.Create(Imposition.Hello, controller, node.FullName) };
        if (edda is not null) batch.Add(GotocolMessage.Create(Imposition.Inform, edda, ListenerRole.Edda));
        if (HomeRegistry(node.Name) is { } home) batch.Add(GotocolMessage.Create(Imposition.Inform, grains.GetNanoservice(home), ListenerRole.Eureka));
        foreach (var lookup in LookupRegistries(node.Name)) batch.Add(GotocolMessage.Create(Imposition.Inform, grains.GetNanoservice(lookup), ListenerRole.Lookup));
        foreach (var dependency in node.Dependencies) batch.Add(GotocolMessage.Create(Imposition.NameDrop, null, dependency));
        if (_serviceTimes.TryGetValue(node.Name.Service, out var time)) batch.Add(GotocolMessage.Create(Imposition.Inform, null, Intention.Pair(Intention.Latency, time.ToString())));
        if (_capacities.TryGetValue(node.Name.Service, out var capacity)) batch.Add(GotocolMessage.Create(Imposition.Inform, null, Intention.Pair(Intention.Capacity, capacity.ToString())));
        foreach (var (dependency, policy) in _policies.GetValueOrDefault(node.Name.Service) ?? new Dictionary<string, ResiliencePolicy>())
        {
            batch.Add(GotocolMessage.Create(Imposition.Inform, null, Intention.Pair(Intention.Resilience, $"{dependency}={policy}")));
        }
        if (network is not null) batch.Add(GotocolMessage.Create(Imposition.Inform, null, Intention.Pair(Intention.Network, network.ToString())));
        batch.Add(GotocolMessage.Create(Imposition.Chat, controller, _poll));
        return [.. batch];
    }

    /// <summary>Where a node registers: its zone's registry; a zone-spanning node uses its region's first zone; global nodes none.</summary>
    private NanoName? HomeRegistry(NanoName node)
    {
        if (node.Region == NanoName.Any) return null;
        var zone = node.Zone == NanoName.Any ? Geography.Zones[0] : node.Zone;
        return plan.Registries.First(r => r.Region == node.Region && r.Zone == zone);
    }

    /// <summary>
    /// Registries a node asks besides its home one: a global node asks every region; a storage ring node asks the
    /// other regions too when the architecture joins them, so replication can cross regions.
    /// </summary>
    private IEnumerable<NanoName> LookupRegistries(NanoName node)
    {
        var crossRegion = node.Region == NanoName.Any || (Packages.IsRing(node.Package) && plan.Definition.JoinedRegions);
        if (!crossRegion) return [];
        return plan.Registries.Where(r => r.Region != node.Region && r.Zone == Geography.Zones[0]);
    }
}
