using Spigo.Architecture;
using Spigo.Gotocol;
using Spigo.Grains.Hosting;
using Spigo.Names;

namespace Spigo.Grains.Services;

/// <summary>
/// A Eureka registry, one per zone, cross-connected with the other registries of its region (NameDrop of a peer).
/// A node registers with Put "name package" and leaves with Delete "name"; both are copied to the peers. A
/// GetRequest "service" is answered with a NameDrop per instance and subscribes the asker, so it also hears of
/// instances that register later (NameDrop) and of those that leave (Forget). The registry remembers, per asker,
/// which instances it has named to it, so a poll only sends what the asker has not heard yet: polling costs nothing
/// once the architecture is stable, and since the record is of instances (not of times), no dependency is lost.
/// </summary>
[GrainType(Packages.Eureka)]
public sealed class Eureka(NanoserviceServices services) : NamedNanoservice(services)
{
    private readonly Dictionary<string, Dictionary<string, IGotocolListener>> _services = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<IGotocolListener>> _subscribers = new(StringComparer.Ordinal);
    private readonly List<IGotocolListener> _peers = [];
    private readonly Dictionary<GrainId, HashSet<string>> _told = [];
    protected override bool AwaitsRebuild => NeverNamed;

    /// <summary>
    /// Hello with its own name sets the registry up. Hello from a node with the node's name says "I came back empty":
    /// what was already named to it is forgotten, so its next poll is answered in full.
    /// </summary>
    protected override Task OnHello(GotocolMessage message)
    {
        if (message.Intention != Name)
        {
            if (message.ReplyTo is { } node) _told.Remove(node.GetGrainId());
            return Task.CompletedTask;
        }
        base.OnHello(message);
        // Subscriptions held before the setup are an earlier run's: this activation was woken by its late polls. Its
        // Tells would reach this run's nodes before they are named (and be ignored) yet be recorded as told, so those
        // nodes would never hear of the instances. Subscribers poll again and subscribe afresh.
        _subscribers.Clear();
        _told.Clear();
        return Task.CompletedTask;
    }

    /// <summary>
    /// From the controller, after Hello: this setup replaces a registry lost with its silo, or brings back one a fault
    /// had stopped; either way it starts empty and copies its peers.
    /// </summary>
    protected override Task OnInform(GotocolMessage message)
    {
        TakeRebuild(message);
        return Task.CompletedTask;
    }

    protected override Task OnNameDrop(GotocolMessage message)
    {
        if (message.ReplyTo is not { } peer || _peers.Contains(peer)) return Task.CompletedTask;
        _peers.Add(peer);
        // Set up again (after its silo was lost, or a fault): what the peers hold (every other zone's registrations) is copied back.
        if (Rebuilt) peer.Listen(GotocolMessage.Create(Imposition.GetRequest, Self, EverythingRequest));
        return Task.CompletedTask;
    }

    /// <summary>A peer's GetRequest for this asks for every registration, sent back as Replicate.</summary>
    private const string EverythingRequest = "*";

    protected override Task OnPut(GotocolMessage message)
    {
        Register(message);
        foreach (var peer in _peers) peer.Listen(message with { Imposition = Imposition.Replicate });
        return Task.CompletedTask;
    }

    protected override Task OnReplicate(GotocolMessage message)
    {
        Register(message);
        return Task.CompletedTask;
    }

    private void Register(GotocolMessage message)
    {
        if (message.ReplyTo is not { } node || !Intention.TrySplitPair(message.Intention, out var name, out _)
            || !NanoName.TryParse(name, out var parsed, out _))
        {
            return;
        }
        if (!_services.TryGetValue(parsed.Service, out var instances)) _services[parsed.Service] = instances = new(StringComparer.Ordinal);
        if (!instances.TryAdd(name, node)) return;
        if (_subscribers.TryGetValue(parsed.Service, out var subscribers))
        {
            foreach (var s in subscribers) Tell(s, name, node);
        }
    }

    private void Tell(IGotocolListener asker, string name, IGotocolListener node)
    {
        var id = asker.GetGrainId();
        if (!_told.TryGetValue(id, out var told)) _told[id] = told = new HashSet<string>(StringComparer.Ordinal);
        if (told.Add(name)) asker.Listen(GotocolMessage.Create(Imposition.NameDrop, node, name));
    }

    protected override Task OnDelete(GotocolMessage message)
    {
        var name = message.Intention;
        if (!NanoName.TryParse(name, out var parsed, out _)) return Task.CompletedTask;
        if (_services.TryGetValue(parsed.Service, out var instances) && instances.Remove(name)
            && _subscribers.TryGetValue(parsed.Service, out var subscribers))
        {
            foreach (var s in subscribers)
            {
                if (_told.TryGetValue(s.GetGrainId(), out var told)) told.Remove(name);
                s.Listen(GotocolMessage.Create(Imposition.Forget, Self, name));
            }
        }
        // A Delete from a peer is a copy; only the first registry to hear it passes it on.
        var fromPeer = message.ReplyTo is { } sender && _peers.Contains(sender);
        if (!fromPeer)
        {
            foreach (var peer in _peers) peer.Listen(GotocolMessage.Create(Imposition.Delete, Self, name));
        }
        return Task.CompletedTask;
    }

    protected override Task OnGetRequest(GotocolMessage message)
    {
        if (message.ReplyTo is not { } asker) return Task.CompletedTask;
        var service = message.Intention;
        if (service == EverythingRequest && _peers.Contains(asker))
        {
            foreach (var (name, node) in _services.Values.SelectMany(instances => instances))
            {
                asker.Listen(GotocolMessage.Create(Imposition.Replicate, node, Intention.Pair(name, NanoName.Parse(name).Package)));
            }
            return Task.CompletedTask;
        }
        if (!_subscribers.TryGetValue(service, out var subscribers)) _subscribers[service] = subscribers = [];
        subscribers.Add(asker);
        if (_services.TryGetValue(service, out var instances))
        {
            foreach (var (name, node) in instances) Tell(asker, name, node);
        }
        return Task.CompletedTask;
    }

    protected override void OnLeaving(GotocolMessage goodbye) => Report(goodbye, Lost ? GoodbyeReport.Lost(Name) : Name);
}
