using Spigo.Gotocol;
using Spigo.Grains.Simulation;
using Spigo.Names;

namespace Spigo.Grains.Services;

/// <summary>
/// A service's way out: a message leaves once the service time drawn for its request and the network's delay to
/// where the target is (when known: a driver outside the architecture is reached at once) have passed, through the
/// silo's delay line; without either it goes now.
/// </summary>
internal sealed class Outbox(SenderNames names, DelayLine delays)
{
    private NanoName _me;

    /// <summary>The delay of each hop by distance (Inform "network"); none by default.</summary>
    public NetworkDelays? Network { get; set; }

    public void Place(NanoName me) => _me = me;

    public void Send(IGotocolListener target, GotocolMessage message, TimeSpan serving, NanoName? to)
    {
        var delay = serving;
        if (Network is { } network)
        {
            if (to is null && names.TryNameOf(target, out var name)) to = name;
            if (to is { } place) delay += network.Between(_me.Region, _me.Zone, place.Region, place.Zone);
        }
        if (delay <= TimeSpan.Zero) target.Listen(message);
        else delays.Send(target, message, delay);
    }

    /// <summary>Sends after <paramref name="delay"/> and nothing else (a note to itself): no network between.</summary>
    public void Later(IGotocolListener target, GotocolMessage message, TimeSpan delay) => delays.Send(target, message, delay);
}
