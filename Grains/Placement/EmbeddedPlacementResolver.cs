using Orleans.Metadata;
using Orleans.Runtime.Placement;

namespace Spigo.Grains.Placement;

/// <summary>Gives every grain type marked for <see cref="ZonePlacement"/> the <see cref="EmbeddedPlacement"/> instead.</summary>
public sealed class EmbeddedPlacementResolver : IPlacementStrategyResolver
{
    private static readonly EmbeddedPlacement Embedded = new();

    public bool TryResolvePlacementStrategy(GrainType grainType, GrainProperties? properties, out PlacementStrategy result)
    {
        result = Embedded;
        return properties is not null
            && properties.Properties.TryGetValue(WellKnownGrainTypeProperties.PlacementStrategy, out var strategy)
            && strategy == nameof(ZonePlacement);
    }
}
