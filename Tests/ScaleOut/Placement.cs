using Orleans.TestingHost;

namespace Spigo.Tests.ScaleOut;

/// <summary>Where a test cluster's silos hold an architecture's grains, read from each silo's own activation list.</summary>
internal static class Placement
{
    /// <summary>
    /// Per silo: the names of <paramref name="arch"/>'s nanoservices it holds, plus "type:key" for its other grains
    /// (Edda, run books, …) so a test can tell which silo holds them.
    /// </summary>
    public static async Task<Dictionary<SiloAddress, HashSet<string>>> NanoservicesBySilo(InProcessTestCluster cluster, string arch)
    {
        var management = cluster.Client.GetGrain<IManagementGrain>(0);
        var result = new Dictionary<SiloAddress, HashSet<string>>();
        foreach (var silo in cluster.Silos)
        {
            var stats = await management.GetDetailedGrainStatistics(null, [silo.SiloAddress]);
            result[silo.SiloAddress] = stats
                .Select(s => s.GrainId.Key.ToString() is { } key && key.StartsWith(arch + ".", StringComparison.Ordinal) ? key : $"{s.GrainId.Type}:{s.GrainId.Key}")
                .ToHashSet(StringComparer.Ordinal);
        }
        return result;
    }
}
