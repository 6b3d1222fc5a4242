using Spigo.Architecture;
using Spigo.Names;

namespace Spigo.Client.Architectures;

/// <summary>
/// Turns an architecture definition, a scale (-p, percent) and a number of regions (-w) into named nanoservices,
/// as spigo's asgard names them: instance i of a service is in zone[i % 3]; instance numbers continue across
/// regions; a service whose scaled count is 0 is one node spanning the zones (zone "*"); a service with regions 0
/// is one global node ("*.*"). Each region gets one Eureka registry per zone.
/// </summary>
public static class Asgard
{
    public static ArchitecturePlan Create(ArchitectureDefinition definition, int scalePercent, int regions)
    {
        if (regions is < 1 or > 6) throw new ArgumentOutOfRangeException(nameof(regions), regions, "regions must be 1 to 6");
        var arch = definition.Arch;
        var regionNames = Geography.Regions.Take(regions).ToArray();
        var nodes = new List<PlannedNode>();
        foreach (var service in definition.Services)
        {
            var deps = service.Dependencies.Where(d => d != Packages.RegistryDependency).ToArray();
            if (service.Regions == 0)
            {
                nodes.Add(new PlannedNode(new NanoName(arch, NanoName.Any, NanoName.Any, service.Name, service.Package, service.Name + "0"), deps));
                continue;
            }
            var count = (int)((long)service.Count * scalePercent / 100);
            var serviceRegions = Math.Min(service.Regions * regions, Geography.Regions.Count);
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
        var usedRegions = nodes.Select(n => n.Name.Region).Where(r => r != NanoName.Any).Distinct().ToList();
        var registries = new List<NanoName>();
        var k = 0;
        foreach (var region in Geography.Regions.Where(usedRegions.Contains))
        {
            foreach (var zone in Geography.Zones)
            {
                registries.Add(new NanoName(arch, region, zone, "eureka", Packages.Eureka, "eureka" + k++));
            }
        }
        return new ArchitecturePlan(definition, Geography.Regions.Where(usedRegions.Contains).ToArray(), nodes, registries);
    }
}
