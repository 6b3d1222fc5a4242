using Spigo.Gotocol;
using Spigo.Grains.Hosting;
using Spigo.Names;

namespace Spigo.Grains.Services;

/// <summary>
/// A Priam-managed Cassandra node. Its own service is among its dependencies, so Eureka tells it its peers in every
/// zone (and every region when the architecture joins them). A request goes to the key's owner on this zone's ring;
/// the owner stores a Put, acknowledges it, and replicates it to the owner in every other zone of the region and in
/// one zone of every other region; a Replicate arriving from another region is passed on to the other local zones.
/// A node set up again after its silo was lost repairs its token range: it asks every peer it learns for the keys it
/// owns (Replicate "*"), and until a key has arrived it passes a Get for it to the key's owner in another zone. For
/// its first five Eureka polls, and as long as it knows no peer in another zone, it knows only part of the rings, so
/// it coordinates nothing: requests go on to a peer in another zone, which knows the whole ring (or fail, with none).
/// </summary>
[GrainType("priamcassandra")]
public class PriamCassandra(GotocolLog log) : ServiceGrain(log)
{
    private readonly Dictionary<string, string> _data = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Region, string Zone), TokenRing> _rings = [];
    private DependencyInstance? _selfInstance;
    private readonly HashSet<string> _repairAsked = new(StringComparer.Ordinal);
    private DateTime _learningUntil;

    /// <summary>The intention of a Replicate that asks a peer for every key the asker owns.</summary>
    private const string RepairRequest = "*";

    private DependencyInstance SelfInstance => _selfInstance ??= new DependencyInstance(Me, Name, Self);

    protected override void OnInstancesChanged(string service)
    {
        if (service != Me.Service) return;
        _rings.Clear();
        if (!Rebuilt) return;
        foreach (var peer in InstancesOf(Me.Service))
        {
            if (peer.FullName != Name && _repairAsked.Add(peer.FullName)) peer.Listener.Listen(GotocolMessage.Create(Imposition.Replicate, Self, RepairRequest));
        }
    }

    private TokenRing Ring(string region, string zone)
    {
        if (!_rings.TryGetValue((region, zone), out var ring))
        {
            var members = InstancesOf(Me.Service).Where(i => i.Name.Region == region && i.Name.Zone == zone && i.FullName != Name);
            if (region == Me.Region && zone == Me.Zone) members = members.Append(SelfInstance);
            _rings[(region, zone)] = ring = new TokenRing(members);
        }
        return ring;
    }

    protected override Task OnChat(GotocolMessage message)
    {
        if (Rebuilt && GoDuration.TryParse(message.Intention, out var poll)) _learningUntil = DateTime.UtcNow + 5 * poll;
        return base.OnChat(message);
    }

    protected override void Handle(GotocolMessage message)
    {
        if (Rebuilt && (DateTime.UtcNow < _learningUntil || PeerInAnotherZone() is null))
        {
            // Coordinating with part of the rings would store and replicate keys at the wrong owners.
            if (PeerInAnotherZone() is not { } peer || !ForwardTo(message, peer)) Fail(message);
            return;
        }
        var key = KeyOf(message.Intention);
        var owner = Ring(Me.Region, Me.Zone).Owner(key);
        if (owner.FullName != Name)
        {
            // Not ours: one more hop to the owner, whose answer comes back through here to the requester.
            if (!ForwardTo(message, owner)) Fail(message);
            return;
        }
        if (message.Imposition != Imposition.Put)
        {
            if (_data.TryGetValue(key, out var value)) Answer(message, Intention.Pair(key, value));
            else if (!Rebuilt || OtherZoneOwner(key) is not { } elsewhere) Answer(message, key);
            else if (!ForwardTo(message, elsewhere)) Fail(message);
            return;
        }
        if (!Intention.TrySplitPair(message.Intention, out _, out var stored))
        {
            Fail(message);
            return;
        }
        _data[key] = stored;
        Answer(message, message.Intention);
        ReplicateToOtherZones(message.Intention, key);
        foreach (var region in OtherRegions())
        {
            var zone = ZonesOf(region).Contains(Me.Zone) ? Me.Zone : ZonesOf(region).First();
            Ring(region, zone).Owner(key).Listener.Listen(GotocolMessage.Create(Imposition.Replicate, Self, message.Intention));
        }
    }

    private DependencyInstance? PeerInAnotherZone()
    {
        var others = InstancesOf(Me.Service).Where(i => i.Name.Region == Me.Region && i.Name.Zone != Me.Zone).ToList();
        return others.Count == 0 ? null : others[Roll(others.Count)];
    }

    /// <summary>The owner of a key on the ring of another zone of this region (the first that has one), for a rebuilt node's misses.</summary>
    private DependencyInstance? OtherZoneOwner(string key)
    {
        foreach (var zone in ZonesOf(Me.Region))
        {
            if (zone != Me.Zone) return Ring(Me.Region, zone).Owner(key);
        }
        return null;
    }

    protected override Task OnReplicate(GotocolMessage message)
    {
        if (Aboard && message.Intention == RepairRequest && message.ReplyTo is { } asker) return Repair(asker);
        if (!Aboard || !Intention.TrySplitPair(message.Intention, out var key, out var value)) return Task.CompletedTask;
        _data[key] = value;
        var from = message.ReplyTo?.GetGrainId().Key.ToString();
        if (from is not null && NanoName.TryParse(from, out var sender, out _) && sender.Region != Me.Region)
        {
            ReplicateToOtherZones(message.Intention, key);
        }
        return Task.CompletedTask;
    }

    /// <summary>Sends a peer that came back empty every key this node holds that the peer owns on its own zone's ring.</summary>
    private Task Repair(IGotocolListener asker)
    {
        var name = asker.GetGrainId().Key.ToString();
        if (!NanoName.TryParse(name, out var peer, out _)) return Task.CompletedTask;
        var ring = Ring(peer.Region, peer.Zone);
        if (ring.IsEmpty) return Task.CompletedTask;
        // The repair comes from this region (or this zone of another region): it must not be passed on again.
        foreach (var (key, value) in _data)
        {
            if (ring.Owner(key).FullName == name) asker.Listen(GotocolMessage.Create(Imposition.Replicate, Self, Intention.Pair(key, value)));
        }
        return Task.CompletedTask;
    }

    private void ReplicateToOtherZones(string intention, string key)
    {
        foreach (var zone in ZonesOf(Me.Region))
        {
            if (zone == Me.Zone) continue;
            Ring(Me.Region, zone).Owner(key).Listener.Listen(GotocolMessage.Create(Imposition.Replicate, Self, intention));
        }
    }

    private IEnumerable<string> ZonesOf(string region) =>
        InstancesOf(Me.Service).Where(i => i.Name.Region == region).Select(i => i.Name.Zone)
            .Append(region == Me.Region ? Me.Zone : null).OfType<string>().Distinct().Order(StringComparer.Ordinal);

    private IEnumerable<string> OtherRegions() =>
        InstancesOf(Me.Service).Select(i => i.Name.Region).Where(r => r != Me.Region).Distinct().Order(StringComparer.Ordinal);
}
