using Spigo.Names;

namespace Spigo.Client.Architectures;

/// <summary>What Asgard made of a definition: the nanoservices, the Eureka registries, and which are root and victim.</summary>
public sealed record ArchitecturePlan(
    ArchitectureDefinition Definition,
    IReadOnlyList<string> Regions,
    IReadOnlyList<PlannedNode> Nodes,
    IReadOnlyList<NanoName> Registries)
{
    public IEnumerable<PlannedNode> OfService(string service) => Nodes.Where(n => n.Name.Service == service);
}
