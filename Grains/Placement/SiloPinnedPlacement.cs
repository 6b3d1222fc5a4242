namespace Spigo.Grains.Placement;

/// <summary>
/// Places a grain on the silo its key names (see <see cref="Spigo.Runs.SiloKey"/>); on the local silo when that one
/// is not active. One copy per silo of something every silo must be able to read without leaving it.
/// </summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("spigo.SiloPinnedPlacement")]
public sealed class SiloPinnedPlacement : PlacementStrategy;
