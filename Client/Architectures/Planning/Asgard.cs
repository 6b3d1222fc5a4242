using Spigo.Architecture;
using Spigo.Names;

namespace Spigo.Client.Architectures;

/// <summary>
/// Turns an architecture definition, a scale (-p, percent) and a number of regions (-w) into named nanoservices,
/// as spigo's asgard names them: instance i of a service is in zone[i % 3]; instance numbers continue across
/// regions; a service whose scaled count is 0 is one node spanning the zones (zone "*"); a service with regions 0
/// is one global node ("*.*"). Each region gets one Eureka registry per zone. A definition that sets its own number of
/// regions (migration's steps 7–9) overrides -w.
/// </summary>
public static class Asgard
{
    public static ArchitecturePlan Create(ArchitectureDefinition definition, int scalePercent, int regions)
    {
        if (regions is < 1 or > 6) throw new ArgumentOutOfRangeException(nameof(regions), regions, "regions must be 1 to 6");
        regions = definition.Regions ?? regions;
        var arch = definition.Arch;
        var nodes = new List<PlannedNode>();
        foreach (var service in definition.Services)
        {
            var deps = service.Dependencies.Where(d => d != Packages.RegistryDependency).ToArray();
            if (service.Regions == 0)
            {
                nodes.Add(new PlannedNode(new NanoName(arch, NanoName.Any, NanoName.Any, service.Name, service.Package, service.Name + "0"), deps));
                continue;
            }
            var count = (int)ScaledCount(service, scalePercent);
            var serviceRegions = RegionsOf(service, regions);
            for (var r = 0; r < serviceRegions; r++)
            {
                var region = Geography.Regions[r];
                if (count == 0)
                {
                    nodes.Add(new PlannedNode(new NanoName(arch, region, NanoName.Any, service.Name, service.Package, service.Name + r), deps));
                    continue;
                }
                for (var i = r * count; i < (r + 1) * count; i++)
                {
                    nodes.Add(new PlannedNode(new NanoName(arch, region, Geography.Zones[i % Geography.Zones.Count], service.Name, service.Package, service.Name + i), deps));
                }
            }
        }
        var used = UsedRegions(nodes.Select(n => n.Name));
        return new ArchitecturePlan(definition, used, nodes, Registries(arch, used));
    }

    /// <summary>How many regions a (non-global) service spans at -w <paramref name="regions"/>.</summary>
    public static int RegionsOf(ServiceDefinition service, int regions) => (int)Math.Min((long)service.Regions * regions, Geography.Regions.Count);

    /// <summary>Nodes of a service in each region it spans at a scale: its scaled count, or one zone-spanning node.</summary>
    public static long NodesPerRegion(ServiceDefinition service, int scalePercent) => Math.Max(1, ScaledCount(service, scalePercent));

    /// <summary>count·p/100, rounded down as spigo's integer arithmetic does; a service that does not scale keeps its count.</summary>
    public static long ScaledCount(ServiceDefinition service, int scalePercent) =>
        service.Scales ? (long)service.Count * scalePercent / 100 : service.Count;

    /// <summary>The regions some of <paramref name="names"/> are in, in -w order.</summary>
    public static string[] UsedRegions(IEnumerable<NanoName> names)
    {
        var used = names.Select(n => n.Region).ToHashSet(StringComparer.Ordinal);
        return [.. Geography.Regions.Where(used.Contains)];
    }

    /// <summary>One Eureka registry per zone of each region, numbered eureka0, eureka1, … across regions.</summary>
    public static IReadOnlyList<NanoName> Registries(string arch, IEnumerable<string> regions) =>
        [.. regions.SelectMany(region => Geography.Zones.Select(zone => (region, zone)))
            .Select((rz, k) => new NanoName(arch, rz.region, rz.zone, Packages.RegistryDependency, Packages.Eureka, Packages.RegistryDependency + k))];
}
