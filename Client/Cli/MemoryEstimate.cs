using System.Globalization;
using Spigo.Client.Architectures;

namespace Spigo.Client.Cli;

/// <summary>
/// A run that cannot fit in this machine's memory is refused before anything starts, with the estimate, rather
/// than swapping or being killed an hour in. Per-nanoservice figures are peak RSS of embedded Release runs, rounded
/// up: fsm -p 1000000 --no-chat 4.4 GB (4.1 KB a pirate); a service of 100,000 karyon instances 1.49 GB (12 KB a node).
/// </summary>
public static class MemoryEstimate
{
    private const long BaseBytes = 300L << 20;
    private const long PirateBytes = 5L << 10;
    private const long ServiceNodeBytes = 16L << 10;

    /// <summary>
    /// A dependency instance a node has learned (its entry in the node's lists, the registry's record of having named
    /// it): about 100 bytes. They dominate big architectures: netflixoss -p 20000 has 12,602 nodes but 23.8 million
    /// of them, and peaked at 2.3 GB.
    /// </summary>
    private const long EdgeBytes = 100;

    /// <summary>Nanoservices an architecture makes at a scale and a number of regions, worked out without making them.</summary>
    public static long Nodes(ArchitectureDefinition definition, int scalePercent, int regions)
    {
        regions = definition.Regions ?? regions;
        long total = 0;
        foreach (var s in definition.Services)
        {
            if (s.Regions == 0)
            {
                total++;
                continue;
            }
            total += Asgard.NodesPerRegion(s, scalePercent) * Asgard.RegionsOf(s, regions);
        }
        return total;
    }

    /// <summary>
    /// Dependency instances the nodes will learn: in each region, every instance of a service learns every instance
    /// of each service it depends on (registries name the instances of their own region). A global node learns the
    /// first region's.
    /// </summary>
    public static long Edges(ArchitectureDefinition definition, int scalePercent, int regions)
    {
        regions = definition.Regions ?? regions;
        var inRegion = new Dictionary<string, (long Count, int Regions)>(StringComparer.Ordinal);
        foreach (var s in definition.Services)
        {
            inRegion[s.Name] = s.Regions == 0 ? (1, 1) : (Asgard.NodesPerRegion(s, scalePercent), Asgard.RegionsOf(s, regions));
        }
        long total = 0;
        foreach (var s in definition.Services)
        {
            var (count, spread) = inRegion[s.Name];
            foreach (var d in s.Dependencies)
            {
                if (!inRegion.TryGetValue(d, out var dependency)) continue;
                // Saturating: a product this large is refused whatever its exact value.
                var perRegion = count > long.MaxValue / Math.Max(1, dependency.Count) ? long.MaxValue / 8 : count * dependency.Count;
                total = Math.Min(long.MaxValue / 8, total + perRegion * Math.Min(spread, dependency.Regions));
            }
        }
        return total;
    }

    /// <summary>
    /// Dependency instances the nodes of a reloaded graph will learn: each node, every node of each service its edges
    /// point to (an upper bound: a node learns only its own region's).
    /// </summary>
    public static long Edges(Output.GraphDocument document)
    {
        var serviceOf = new Dictionary<string, string>(StringComparer.Ordinal);
        var perService = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var node in document.Nodes)
        {
            var service = Names.NanoName.TryParse(node.Name, out var name, out _) ? name.Service : node.Name;
            serviceOf[node.Name] = service;
            perService[service] = perService.GetValueOrDefault(service) + 1;
        }
        var learned = new HashSet<(string, string)>();
        long total = 0;
        foreach (var edge in document.Edges)
        {
            if (edge.Source is not { } source || edge.Target is not { } target || !serviceOf.TryGetValue(target, out var service)) continue;
            if (learned.Add((source, service))) total = Math.Min(long.MaxValue / 8, total + perService[service]);
        }
        return total;
    }

    /// <summary>Throws a <see cref="UsageException"/> when an embedded run of this size would not fit.</summary>
    public static void Check(string flag, long pirates, long serviceNodes, bool embedded, long edges = 0)
    {
        var needed = BaseBytes + pirates * PirateBytes + serviceNodes * ServiceNodeBytes + Math.Min(edges, long.MaxValue / 256) * EdgeBytes;
        var available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        if (!embedded || needed <= available) return;
        var what = pirates > 0 ? $"{pirates:N0} pirates" : $"{serviceNodes:N0} nanoservices with {edges:N0} dependency instances to learn";
        throw new UsageException(string.Create(CultureInfo.InvariantCulture,
            $"{flag}: {what} need about {Gigabytes(needed)} of memory and this machine has {Gigabytes(available)}; run fewer, or on a cluster (--cluster)"));
    }

    private static string Gigabytes(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 30):0.#} GB");
}
