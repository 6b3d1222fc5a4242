using Spigo.Names;
using Spigo.Runs;

namespace Spigo.Edda;

/// <summary>
/// Finds a run's Edda by its key. A run on one silo has one Edda (key: the run). A run on several silos has two
/// copies on two different silos (keys <c>run|silo</c>) written through an <c>eddapair</c> (key <c>run|silo|silo</c>),
/// so the record survives the loss of any one silo; the pair reads from the copy that holds more.
/// </summary>
public static class EddaFactory
{
    public static IEdda GetEdda(this IGrainFactory grains, string key)
    {
        var type = TryParsePair(key, out _, out _, out _) ? GrainTypes.EddaPair : GrainTypes.Edda;
        return grains.GetGrain<IEdda>(GrainId.Create(type, key));
    }

    /// <summary>The key of the pair that writes <paramref name="run"/>'s record on <paramref name="first"/> and <paramref name="second"/>.</summary>
    public static string PairKey(string run, SiloAddress first, SiloAddress second) =>
        SiloKey.Of(run, first) + SiloKey.Separator + second.ToParsableString();

    /// <summary>The keys of a pair's two copies.</summary>
    public static bool TryParsePair(string key, out string first, out string second, out string run)
    {
        first = second = run = "";
        var last = key.LastIndexOf(SiloKey.Separator);
        if (last <= 0) return false;
        var middle = key.LastIndexOf(SiloKey.Separator, last - 1);
        if (middle <= 0 || SiloKey.SiloOf(key) is null || SiloKey.SiloOf(key[..last]) is null) return false;
        run = key[..middle];
        first = key[..last];
        second = run + key[last..];
        return true;
    }
}
