using Spigo.Client.Architectures;

namespace Spigo.Tests.Architectures;

/// <summary>
/// Every json_arch file of the original spigo loads with the node count spigo's asgard gives it (regions 0: one
/// global node; count 0: one zone-spanning node per region; otherwise count per region) and a usable arch name.
/// </summary>
public class CatalogueTests
{
    /// <summary>The five of Original/json_arch, then the ten of Catalogue/.</summary>
    public static TheoryData<string, string, int> Files => new()
    {
        { "json_arch/netflixoss_arch.json", "netflixoss", 65 },
        { "json_arch/lamp_arch.json", "lamp", 23 },
        { "json_arch/netflix_arch.json", "netflix", 98 },
        { "json_arch/test_arch.json", "test", 19 },
        { "json_arch/storage_arch.json", "storage", 6 },
        { "catalogue/aws_ac_ra_web_arch.json", "aws_ac_ra_web", 25 },
        { "catalogue/cassandra_arch.json", "cassandra", 32 },
        { "catalogue/composeV2_arch.json", "composeTestResult", 16 },
        { "catalogue/container_arch.json", "testContainer", 22 },
        { "catalogue/edge_arch.json", "edge", 83 },
        { "catalogue/riak_arch.json", "riak", 51 },
        { "catalogue/simpleV2_arch.json", "simpleV2-yml", 10 },
        { "catalogue/testyaml_arch.json", "compose-compose_yaml-test-yml", 9 },
        { "catalogue/yogi_arch.json", "yogi", 34 },
        { "catalogue/yow_arch.json", "yogi", 34 },
    };

    public static string PathOf(string file) => Path.Combine(AppContext.BaseDirectory, file);

    [Theory]
    [MemberData(nameof(Files))]
    public void EveryOriginalFileLoadsWithItsNodeCount(string file, string arch, int nodes)
    {
        var definition = ArchitectureCatalog.Load(PathOf(file), 0);
        Assert.Equal(arch, definition.Arch);
        var plan = Asgard.Create(definition, 100, 1);
        Assert.Equal(nodes, plan.Nodes.Count);
        Assert.All(plan.Nodes, n => Assert.StartsWith(arch + ".", n.FullName, StringComparison.Ordinal));
    }

    [Fact]
    public void ServicesWithoutRegionsAreGlobalNodes()
    {
        var plan = Asgard.Create(ArchitectureCatalog.Load(PathOf("catalogue/composeV2_arch.json"), 0), 100, 1);
        Assert.Equal(["composeTestResult.*.*.www-result-app.denominator.www-result-app0", "composeTestResult.*.*.www-voting-app.denominator.www-voting-app0"],
            plan.Nodes.Where(n => n.Name.Region == "*").Select(n => n.FullName));
    }
}
