using Spigo.Gotocol;
using Spigo.Names;

namespace Spigo.Grains.Services;

/// <summary>Senders' names by grain id, so a sender's name is parsed once, not again for every message from it.</summary>
internal sealed class SenderNames
{
    private const int Kept = 4096;

    private readonly Dictionary<GrainId, NanoName?> _names = [];

    /// <summary>The nanoservice name of a listener (false for a driver or anything else that is not one).</summary>
    public bool TryNameOf(IGotocolListener listener, out NanoName name)
    {
        var id = listener.GetGrainId();
        if (!_names.TryGetValue(id, out var known))
        {
            // Bounded by the architecture's size in practice; cleared rather than grown past it whatever senders claim.
            if (_names.Count >= Kept) _names.Clear();
            _names[id] = known = NanoName.TryParse(id.Key.ToString(), out var parsed, out _) ? parsed : null;
        }
        name = known.GetValueOrDefault();
        return known.HasValue;
    }
}
