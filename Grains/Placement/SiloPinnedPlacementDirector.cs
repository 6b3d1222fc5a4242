using Orleans.Runtime.Placement;
using Spigo.Runs;

namespace Spigo.Grains.Placement;

/// <summary>
/// Places a <see cref="SiloPinnedPlacement"/> grain on the silo its key names, and nowhere else: its state belongs to
/// that silo (a copy of Edda, a silo's telemetry), so a stand-in elsewhere would be an empty impostor answering in the
/// named silo's place. A key that names no silo is placed where it is first called.
/// </summary>
public sealed class SiloPinnedPlacementDirector(IClusterMembershipService membership) : IPlacementDirector
{
    public async Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var key = target.GrainIdentity.Key.ToString();
        if (SiloKey.SiloOf(key) is not { } named) return context.LocalSilo;
        if (context.GetCompatibleSilos(target).Contains(named)) return named;
        // The grain-type manifest lags membership by a gossip round: a silo that membership calls active is a home.
        if (membership.CurrentSnapshot.GetSiloStatus(named) == SiloStatus.Active) return named;
        // This silo's view may be older than the caller's (which learnt the silo from the membership table): read it.
        await membership.Refresh();
        var status = membership.CurrentSnapshot.GetSiloStatus(named);
        if (status == SiloStatus.Active) return named;
        throw new SiloUnavailableException($"{target.GrainIdentity} lives only on silo {named}, which is {status}: it is not recreated elsewhere");
    }
}
