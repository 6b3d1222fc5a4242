using Microsoft.Extensions.Options;
using Orleans.Runtime.Placement;
using Spigo.Names;

namespace Spigo.Grains.Placement;

/// <summary>
/// Chooses the silo of a new activation from its dotted name. Every silo sorts the compatible silos the same way, so
/// they all agree where a zone lives; when silos join or leave, new activations follow the new map.
/// </summary>
public sealed class ZonePlacementDirector(IOptions<ZonePlacementOptions> options) : IPlacementDirector
{
    private readonly int _zones = options.Value.Regions * Geography.Zones.Count;

    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var compatible = context.GetCompatibleSilos(target);
        if (compatible.Length == 1) return Task.FromResult(compatible[0]);
        // A sorted copy: the array may be the runtime's own cached one.
        SiloAddress[] silos = [.. compatible.Order()];
        var key = target.GrainIdentity.Key.ToString();
        // A companion (the load generator of a root) is placed as the nanoservice it names is, so that it lives beside it.
        var companion = key.IndexOf(Companion.Separator, StringComparison.Ordinal);
        var hash = (companion < 0 ? target.GrainIdentity.Key : IdSpan.Create(key[..companion])).GetUniformHashCode();
        return Task.FromResult(ZoneOf(key) is { } zone ? Choose(silos, zone, hash, _zones) : silos[hash % (uint)silos.Length]);
    }

    /// <summary>The silo of zone <paramref name="zone"/> among <paramref name="silos"/> (sorted), for <paramref name="zones"/> zones.</summary>
    public static SiloAddress Choose(SiloAddress[] silos, int zone, uint hash, int zones)
    {
        if (silos.Length <= zones) return silos[zone % silos.Length];
        // More silos than zones: the zone's group is every silo whose index is the zone's, modulo the zone count.
        var first = zone % zones;
        var group = (silos.Length - first + zones - 1) / zones;
        return silos[first + (int)(hash % (uint)group) * zones];
    }

    /// <summary>The zone ordinal of a nanoservice name, or null for a name outside one zone (or not a nanoservice's).</summary>
    public static int? ZoneOf(string key)
    {
        // arch.region.zone.service.package.instance: only region and zone matter, found without splitting the whole name.
        var span = key.AsSpan();
        var a = span.IndexOf('.');
        if (a < 0) return null;
        var rest = span[(a + 1)..];
        var b = rest.IndexOf('.');
        if (b < 0) return null;
        var region = rest[..b];
        rest = rest[(b + 1)..];
        var c = rest.IndexOf('.');
        if (c < 0) return null;
        var zone = rest[..c];
        return Geography.TryZoneOrdinal(region, zone, out var ordinal) ? ordinal : null;
    }
}
