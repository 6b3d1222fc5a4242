using Spigo.Client.Architectures;

namespace Spigo.Tests.Architectures;

public class AsgardTests
{
    [Theory]
    [InlineData("netflixoss", 65)]
    [InlineData("lamp", 23)]
    [InlineData("netflix", 98)]
    [InlineData("storage", 6)]
    public void BuiltInArchitecturesHaveTheOriginalsNodeCounts(string arch, int nodes) =>
        Assert.Equal(nodes, Asgard.Create(ArchitectureCatalog.Load(arch, 0), 100, 1).Nodes.Count);

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
