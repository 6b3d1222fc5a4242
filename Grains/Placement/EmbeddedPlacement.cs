namespace Spigo.Grains.Placement;

/// <summary>
/// Where a nanoservice goes when the embedded silo is the whole cluster: that silo, with no grain directory entry. The
/// silo's catalog already keeps one activation per grain, so registering 100,000 pirates in a directory nobody else
/// reads would only cost time. Chosen by <see cref="EmbeddedPlacementResolver"/> in place of <see cref="ZonePlacement"/>.
/// </summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("spigo.EmbeddedPlacement")]
public sealed class EmbeddedPlacement : PlacementStrategy
{
    public override bool IsUsingGrainDirectory => false;
}
