using Spigo.Gotocol;
using Spigo.Names;

namespace Spigo.Grains.Services;

/// <summary>How a ring node repairs: it asks its peers for its range when it comes back empty or a partition heals, serves their asks, and hands copies on.</summary>
public partial class PriamCassandra
{
    /// <summary>The intention of a Replicate that asks a peer for every key the asker owns.</summary>
    private const string RepairRequest = "*";

    private DependencyInstance SelfInstance => _selfInstance ??= new DependencyInstance(Me, Name, Self);

    protected override void OnInstancesChanged(string service)
    {
        if (service != Me.Service) return;
        _rings.Clear();
        _ownRing = null;
        _zones.Clear();
        _otherRegions = null;
        if (!Rebuilt) return;
        // Still learning the rings: coordinating only starts once they have been still for a while.
        _learningUntil = SteadyClock.UtcNow + LearningPolls * _poll;
        AskForRange(offer: true);
        // Applied again as the rings grow: a copy is passed on to the zones this node knows of at the time.
        foreach (var copy in _held.All) OnReplicate(copy);
    }

    /// <summary>
    /// Asks each peer it has not asked yet for the keys this node owns (Replicate "*"). With <paramref name="offer"/> (a
    /// rebuilt node, which holds only what it took since) it also sends the peer the keys it holds that the peer owns:
    /// a whole region set up again at once coordinates writes before it has heard of the other regions.
    /// </summary>
    private void AskForRange(bool offer = false)
    {
        foreach (var peer in InstancesOf(Me.Service))
        {
            if (peer.FullName == Name || !_repairAsked.Add(peer.FullName)) continue;
            peer.Listener.Listen(GotocolMessage.Create(Imposition.Replicate, Self, RepairRequest));
            if (offer) Repair(peer.Listener);
        }
    }

    protected override Task OnReplicate(GotocolMessage message)
    {
        if (Aboard && message.Intention == RepairRequest && message.ReplyTo is { } asker) return Repair(asker);
        if (NeverNamed && message.Intention != RepairRequest) _held.Keep(message);
        if (!Aboard || !Intention.TrySplitPair(message.Intention, out var key, out var value)) return Task.CompletedTask;
        _data[key] = value;
        if (message.ReplyTo is not { } from || !TryNameOf(from, out var sender)) return Task.CompletedTask;
        if (sender.Region != Me.Region || sender.Zone != Me.Zone) HandOff(message.Intention, key);
        if (sender.Region != Me.Region) ReplicateToOtherZones(message.Intention, key);
        return Task.CompletedTask;
    }

    /// <summary>
    /// A copy from another zone was addressed by the sender's view of this zone's ring. A sender set up again after its
    /// silo was lost may not know every node here yet and pick the wrong owner: the copy is kept and also passed to the
    /// owner on this node's own view, once (a copy from a peer of this zone is never passed on).
    /// </summary>
    private void HandOff(string intention, string key)
    {
        var owner = OwnRing.Owner(key);
        if (owner.FullName != Name) owner.Listener.Listen(GotocolMessage.Create(Imposition.Replicate, Self, intention));
    }

    /// <summary>Sends a peer that came back empty every key this node holds that the peer owns on its own zone's ring.</summary>
    private Task Repair(IGotocolListener asker)
    {
        var name = asker.GetGrainId().Key.ToString();
        if (!NanoName.TryParse(name, out var peer, out _)) return Task.CompletedTask;
        // The asker is on its own ring even when this node has not heard of it yet (its registration may still be on
        // its way): a ring without it would name other owners for its keys and the repair would send none.
        var members = InstancesOf(Me.Service).Where(i => i.Name.Region == peer.Region && i.Name.Zone == peer.Zone && i.FullName != name);
        var ring = new TokenRing(members.Append(new DependencyInstance(peer, name, asker)));
        // The repair comes from this region (or this zone of another region): it must not be passed on again.
        foreach (var (key, value) in _data)
        {
            if (ring.Owner(key).FullName == name) asker.Listen(GotocolMessage.Create(Imposition.Replicate, Self, Intention.Pair(key, value)));
        }
        return Task.CompletedTask;
    }
}
