using Orleans.Placement;

namespace Spigo.Grains.Placement;

/// <summary>Marks a grain class for <see cref="ZonePlacement"/>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class ZonePlacementAttribute() : PlacementAttribute(new ZonePlacement());
