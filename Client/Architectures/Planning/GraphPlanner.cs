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
        var packages = new Dictionary<string, string>(StringComparer.Ordinal);
        var byName = new Dictionary<string, NanoName>(StringComparer.Ordinal);
        foreach (var node in document.Nodes)
        {
            if (!NanoName.TryParse(node.Name, out var name, out var error))
            {
                throw new ArchitectureException($"{source}: node {node.Name}: {error} (only six-part names can be reloaded)");
            }
            CheckNode(source, node.Name, name, node.Package, nodes.Count > 0 ? nodes[0].Arch : null);
            if (packages.TryGetValue(name.Service, out var other) && other != name.Package)
            {
                throw new ArchitectureException($"{source}: node {node.Name}: service \"{name.Service}\" is also a {other}; a service has one package");
            }
            packages[name.Service] = name.Package;
            // A node the graph lists again (set up again after a fault) is the same node.
            if (byName.TryAdd(name.ToString(), name)) nodes.Add(name);
        }
        var dependencies = nodes.ToDictionary(n => n.ToString(), _ => new List<string>(), StringComparer.Ordinal);
        foreach (var edge in document.Edges)
        {
            if (!byName.TryGetValue(edge.Target!, out var to) || !dependencies.TryGetValue(edge.Source!, out var deps))
            {
                throw new ArchitectureException($"{source}: edge {edge.Name}: {edge.Source} → {edge.Target} names a node the graph does not list");
            }
            var target = to.Service;
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

    /// <summary>
    /// What a reloaded node's name must agree with: its "package" field, a package and a place spigo has, and the
    /// architecture of the graph's other nodes (one run, one architecture).
    /// </summary>
    private static void CheckNode(string source, string text, NanoName name, string? package, string? arch)
    {
        if (package is { Length: > 0 } && package != name.Package)
        {
            throw new ArchitectureException($"{source}: node {text}: its name says package \"{name.Package}\" but \"package\" says \"{package}\"");
        }
        if (!Packages.Services.Contains(name.Package)) throw new ArchitectureException($"{source}: node {text}: unknown package \"{name.Package}\"");
        if (name.Region != NanoName.Any && !Geography.Regions.Contains(name.Region))
        {
            throw new ArchitectureException($"{source}: node {text}: unknown region \"{name.Region}\"; spigo's are {string.Join(", ", Geography.Regions)}");
        }
        if (name.Zone != NanoName.Any && !Geography.Zones.Contains(name.Zone))
        {
            throw new ArchitectureException($"{source}: node {text}: unknown zone \"{name.Zone}\"; spigo's are {string.Join(", ", Geography.Zones)}");
        }
        if (arch is not null && name.Arch != arch)
        {
            throw new ArchitectureException($"{source}: node {text}: of architecture \"{name.Arch}\", but the graph's first node is of \"{arch}\"");
        }
    }
}
