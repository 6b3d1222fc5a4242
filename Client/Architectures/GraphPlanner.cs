using Spigo.Architecture;
using Spigo.Client.Output;
using Spigo.Names;

namespace Spigo.Client.Architectures;

/// <summary>
/// Rebuilds an architecture plan from a GraphJSON file (a reload): the nodes as named, each node depending on the
/// services its edges point to, and the denominator as traffic root.
/// </summary>
public static class GraphPlanner
{
    public static ArchitecturePlan FromGraph(GraphDocument document, string source)
    {
        var nodes = new List<NanoName>();
        foreach (var node in document.Nodes)
        {
            if (!NanoName.TryParse(node.Name, out var name, out var error))
            {
                throw new ArchitectureException($"{source}: node {node.Name}: {error} (only six-part names can be reloaded)");
            }
            var package = node.Package is { Length: > 0 } p ? p : name.Package;
            if (!Packages.Services.Contains(package)) throw new ArchitectureException($"{source}: node {node.Name}: unknown package \"{package}\"");
            nodes.Add(name);
        }
        var byName = nodes.ToDictionary(n => n.ToString(), StringComparer.Ordinal);
        var dependencies = nodes.ToDictionary(n => n.ToString(), _ => new List<string>(), StringComparer.Ordinal);
        foreach (var edge in document.Edges)
        {
            var target = byName[edge.Target!].Service;
            var deps = dependencies[edge.Source!];
            if (!deps.Contains(target)) deps.Add(target);
        }
        var services = nodes.GroupBy(n => n.Service).Select(g => new ServiceDefinition(g.Key, g.First().Package, g.Count(), 1,
            g.SelectMany(n => dependencies[n.ToString()]).Distinct().ToArray())).ToList();
        var root = services.FindLastIndex(s => s.Package == Packages.Denominator);
        if (root < 0) throw new ArchitectureException($"{source}: no denominator node to send traffic from");
        services.Add(services[root]);
        services.RemoveAt(root);
        var arch = nodes.Count > 0 ? nodes[0].Arch : document.Arch;
        var definition = new ArchitectureDefinition(arch, "reloaded from " + source, document.Version, "", services);
        ArchitectureReader.ValidateGraph(definition, source);
        var regions = Asgard.UsedRegions(nodes);
        return new ArchitecturePlan(definition, regions,
            [.. nodes.Select(n => new PlannedNode(n, dependencies[n.ToString()]))], Asgard.Registries(arch, regions));
    }
}
