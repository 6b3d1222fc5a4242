namespace Spigo.Grains.Placement;

/// <summary>
/// Places a nanoservice by its availability zone: every nanoservice of one region-zone on the same silo (or the same
/// small group of silos when there are more silos than zones), so a zone's hops stay inside a silo and losing a silo
/// is losing a zone. Nanoservices of zone <c>*</c> (pirates, zone-spanning and global nodes) spread by a hash of their name.
/// See <see cref="ZonePlacementDirector"/>.
/// </summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("spigo.ZonePlacement")]
public sealed class ZonePlacement : PlacementStrategy;
