using Spigo.Gotocol;
using Spigo.Grains.Hosting;
using Spigo.Names;

namespace Spigo.Grains.Services;

/// <summary>
/// A Priam-managed Cassandra node. Its own service is among its dependencies, so Eureka tells it its peers in every
/// zone (and every region when the architecture joins them). A request goes to the key's owner on this zone's ring;
/// the owner stores a Put, replicates it to the owner in every other zone of the region and in one zone of every other
/// region, then acknowledges it; a Replicate arriving from another region is passed on to the other local zones, and
/// one from another zone is also passed to the owner on this node's view of its own ring if that is another node.
/// A node set up again after its silo was lost repairs its token range: it asks every peer it learns for the keys it
/// owns (Replicate "*"), and until a key has arrived it passes a Get for it to the key's owner in another zone. Until
/// its view of the rings has stayed unchanged for five Eureka polls, and as long as it knows no peer in another zone,
/// it may know only part of the rings, so it coordinates nothing: requests go on to a peer in another zone, which
/// knows the whole ring (or fail, with none). A request a peer in another zone passed on is served here rather than
/// passed across again, and its miss is not asked in another zone: when every zone came back at once (chaos kong's
/// region, set up again when the fault ends) there is no settled zone, and passing requests across would only spend their hops.
/// Copies that arrive while it is down are held and applied when it is back (hinted handoff), and an Inform
/// <see cref="Intention.Repair"/> (sent when a partition heals) makes it ask every peer for its range again.
/// </summary>
[GrainType(GrainTypes.PriamCassandra)]
public partial class PriamCassandra(NanoserviceServices services) : ServiceGrain(services)
{
    private readonly Dictionary<string, string> _data = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Region, string Zone), TokenRing> _rings = [];
    // The zones of each region and the other regions, as the rings are: worked out once per change of the peers,
    // not on every Put and Replicate.
    private readonly Dictionary<string, string[]> _zones = new(StringComparer.Ordinal);
    private string[]? _otherRegions;
    private DependencyInstance? _selfInstance;
    private readonly HashSet<string> _repairAsked = new(StringComparer.Ordinal);
    private readonly HeldCopies _held = new();
    private DateTime _learningUntil;
    private TimeSpan _poll;

    /// <summary>How many Eureka polls a rebuilt node's view of the rings must stay unchanged before it coordinates.</summary>
    private const int LearningPolls = 5;

    protected override Task OnInform(GotocolMessage message)
    {
        if (!Aboard || message.ReplyTo is not null || message.Intention != Intention.Repair) return base.OnInform(message);
        // A partition healed: what it kept from this node's range is asked for again, from every peer.
        _repairAsked.Clear();
        AskForRange();
        return Task.CompletedTask;
    }

    /// <summary>This zone's ring, the one every request and copy is looked up on.</summary>
    private TokenRing OwnRing => _ownRing ??= Ring(Me.Region, Me.Zone);
    private TokenRing? _ownRing;

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
        if (Rebuilt && GoDuration.TryParse(message.Intention, out var poll))
        {
            _poll = poll;
            _learningUntil = SteadyClock.UtcNow + LearningPolls * poll;
        }
        return base.OnChat(message);
    }

    protected override void Handle(GotocolMessage message)
    {
        var crossed = Rebuilt && CameAcross(message);
        if (Rebuilt && !crossed && (SteadyClock.UtcNow < _learningUntil || PeerInAnotherZone() is null))
        {
            // Coordinating with part of the rings would store and replicate keys at the wrong owners.
            if (PeerInAnotherZone() is not { } peer || !ForwardTo(message, peer)) Fail(message);
            return;
        }
        var key = KeyOf(message.Intention);
        var owner = OwnRing.Owner(key);
        if (owner.FullName != Name)
        {
            // Not ours: one more hop to the owner, whose answer comes back through here to the requester.
            if (!ForwardTo(message, owner)) Fail(message);
            return;
        }
        if (message.Imposition != Imposition.Put)
        {
            if (_data.TryGetValue(key, out var value)) Answer(message, Intention.Pair(key, value));
            else if (!Rebuilt || crossed || OtherZoneOwner(key) is not { } elsewhere) Answer(message, key);
            else if (!ForwardTo(message, elsewhere)) Fail(message);
            return;
        }
        if (!Intention.TrySplitPair(message.Intention, out _, out var stored))
        {
            Fail(message);
            return;
        }
        _data[key] = stored;
        // The copies are sent before the acknowledgement, never behind it: a silo killed in between should cost an
        // unacknowledged write rather than leave an acknowledged one in this zone alone.
        ReplicateToOtherZones(message.Intention, key);
        foreach (var region in OtherRegions())
        {
            var zone = ZonesOf(region).Contains(Me.Zone) ? Me.Zone : ZonesOf(region).First();
            Ring(region, zone).Owner(key).Listener.Listen(GotocolMessage.Create(Imposition.Replicate, Self, message.Intention));
        }
        Answer(message, message.Intention);
    }

    /// <summary>Whether a peer of this ring in another zone passed the request on.</summary>
    private bool CameAcross(GotocolMessage message) =>
        message.ReplyTo is { } sender && TryNameOf(sender, out var name)
        && name.Service == Me.Service && (name.Zone != Me.Zone || name.Region != Me.Region);

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

    private void ReplicateToOtherZones(string intention, string key)
    {
        foreach (var zone in ZonesOf(Me.Region))
        {
            if (zone == Me.Zone) continue;
            Ring(Me.Region, zone).Owner(key).Listener.Listen(GotocolMessage.Create(Imposition.Replicate, Self, intention));
        }
    }

    private string[] ZonesOf(string region)
    {
        if (!_zones.TryGetValue(region, out var zones))
        {
            _zones[region] = zones = [.. InstancesOf(Me.Service).Where(i => i.Name.Region == region).Select(i => i.Name.Zone)
                .Append(region == Me.Region ? Me.Zone : null).OfType<string>().Distinct().Order(StringComparer.Ordinal)];
        }
        return zones;
    }

    private string[] OtherRegions() => _otherRegions ??=
        [.. InstancesOf(Me.Service).Select(i => i.Name.Region).Where(r => r != Me.Region).Distinct().Order(StringComparer.Ordinal)];
}
