using Orleans.Runtime.Placement;

namespace Spigo.Grains.Placement;

/// <summary>Places an <see cref="EmbeddedPlacement"/> grain on the silo that asks: the only one.</summary>
public sealed class EmbeddedPlacementDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context) =>
        Task.FromResult(context.LocalSilo);
}
