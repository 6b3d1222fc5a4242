using Orleans.Runtime.Placement;
using Spigo.Runs;

namespace Spigo.Grains.Placement;

/// <summary>Chooses the silo a <see cref="SiloPinnedPlacement"/> grain's key names, if it is active.</summary>
public sealed class SiloPinnedPlacementDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var silos = context.GetCompatibleSilos(target);
        var named = SiloKey.SiloOf(target.GrainIdentity.Key.ToString());
        return Task.FromResult(named is not null && silos.Contains(named) ? named : context.LocalSilo);
    }
}
