using Spigo.Architecture;
using Spigo.Client.Architectures;

namespace Spigo.Tests.Architectures;

public class AsgardTests
{
    private static string Reference(string file) => Path.Combine(AppContext.BaseDirectory, "json_arch", file);

    [Theory]
    [InlineData("netflixoss", 65)]
    [InlineData("lamp", 23)]
    [InlineData("netflix", 98)]
    [InlineData("storage", 6)]
    public void BuiltInArchitecturesHaveTheOriginalsNodeCounts(string arch, int nodes) =>
        Assert.Equal(nodes, Asgard.Create(ArchitectureCatalog.Load(arch, 0), 100, 1).Nodes.Count);

    [Theory]
    [InlineData("netflixoss_arch.json", 65)]
    [InlineData("lamp_arch.json", 23)]
    [InlineData("netflix_arch.json", 98)]
    [InlineData("test_arch.json", 19)]
    [InlineData("storage_arch.json", 6)]
    public void ReferenceFilesLoadWithTheOriginalsNodeCounts(string file, int nodes) =>
        Assert.Equal(nodes, Asgard.Create(ArchitectureCatalog.Load(Reference(file), 0), 100, 1).Nodes.Count);

    [Theory]
    [InlineData(0, 13)]
    [InlineData(1, 14)]
    [InlineData(2, 23)]
    [InlineData(3, 31)]
    [InlineData(4, 40)]
    [InlineData(5, 52)]
    [InlineData(6, 50)]
    [InlineData(7, 99)]
    [InlineData(8, 99)]
    [InlineData(9, 148)]
    public void MigrationStepsHaveTheOriginalsNodeCounts(int step, int nodes) =>
        Assert.Equal(nodes, Asgard.Create(Migration.Step(step), 100, 1).Nodes.Count);

    [Fact]
    public void MigrationJoinsCassandraAcrossRegionsFromStepEight()
    {
        Assert.False(Migration.Step(7).JoinedRegions);
        Assert.True(Migration.Step(8).JoinedRegions);
        Assert.DoesNotContain(Migration.Step(6).Services, s => s.Name == "mysql");
        Assert.Equal(Packages.Karyon, Migration.Step(3).Services.Single(s => s.Name == "php").Package);
        Assert.Equal(Packages.Monolith, Migration.Step(2).Services.Single(s => s.Name == "php").Package);
    }

    [Fact]
    public void NamesFollowSpigosConventions()
    {
        var plan = Asgard.Create(ArchitectureCatalog.Load("netflixoss", 0), 100, 2);
        var names = plan.Nodes.Select(n => n.FullName).ToHashSet();
        Assert.Contains("netflixoss.us-east-1.zoneA.cassSubscriber.priamCassandra.cassSubscriber0", names);
        Assert.Contains("netflixoss.us-east-1.zoneB.cassSubscriber.priamCassandra.cassSubscriber1", names);
        Assert.Contains("netflixoss.us-east-1.zoneC.cassSubscriber.priamCassandra.cassSubscriber5", names);
        // Instance numbers continue in the second region: 6..11, zone = zone[i % 3].
        Assert.Contains("netflixoss.us-west-2.zoneA.cassSubscriber.priamCassandra.cassSubscriber6", names);
        Assert.Contains("netflixoss.us-west-2.zoneC.cassSubscriber.priamCassandra.cassSubscriber11", names);
        Assert.Contains("netflixoss.us-east-1.*.www-elb.elb.www-elb0", names);
        Assert.Contains("netflixoss.us-west-2.*.www-elb.elb.www-elb1", names);
        Assert.Contains("netflixoss.*.*.www.denominator.www0", names);
        Assert.Equal(129, plan.Nodes.Count);
        Assert.Equal(6, plan.Registries.Count);
        Assert.Equal(["us-east-1", "us-west-2"], plan.Regions);
    }

    [Fact]
    public void ScaleRoundsDownAndAScaledAwayServiceSpansTheZones()
    {
        var plan = Asgard.Create(ArchitectureCatalog.Load("lamp", 0), 6, 1);
        var names = plan.Nodes.Select(n => n.FullName).ToList();
        Assert.Contains("lamp.us-east-1.*.rds-mysql.store.rds-mysql0", names);     // 2·6/100 = 0 → one zone-* node
        Assert.Contains("lamp.us-east-1.zoneA.webserver.monolith.webserver0", names); // 18·6/100 = 1
        Assert.Equal(5, names.Count);
    }

    [Fact]
    public void SixRegionsIsTheMost()
    {
        var plan = Asgard.Create(ArchitectureCatalog.Load("netflixoss", 0), 100, 6);
        Assert.Equal(6, plan.Regions.Count);
        Assert.Equal(64 * 6 + 1, plan.Nodes.Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => Asgard.Create(ArchitectureCatalog.Load("netflixoss", 0), 100, 7));
    }
}
