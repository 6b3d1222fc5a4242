using Spigo.Client.Architectures;

namespace Spigo.Tests.Architectures;

public class MigrationTests
{
    public static TheoryData<int> Steps => [.. Enumerable.Range(0, Migration.Steps)];

    [Theory]
    [MemberData(nameof(Steps))]
    public void EachStepHasTheOriginalsServicesPackagesAndCounts(int step) =>
        Assert.Equal(OriginalMigration.Services(step).Order(StringComparer.Ordinal),
            Migration.Step(step).Services.Select(s => $"{s.Name} {s.Package} {s.Count}").Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Steps))]
    public void EachStepHasTheOriginalsServiceDependencyPairs(int step) =>
        Assert.Equal(OriginalMigration.Dependencies(step).Order(StringComparer.Ordinal),
            Migration.Step(step).Services.SelectMany(s => s.Dependencies.Select(d => $"{s.Name}>{d}")).Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Steps))]
    public void EachStepHasTheOriginalsNodeCountAndRegions(int step)
    {
        var plan = Asgard.Create(Migration.Step(step), 100, 1);
        Assert.Equal(OriginalMigration.Nodes[step], plan.Nodes.Count);
        Assert.Equal(OriginalMigration.Regions(step), plan.Regions.Count);
        // The denominator www is the one global node and the traffic root in every step.
        Assert.Equal("migration.*.*.www.denominator.www0", Assert.Single(plan.Nodes, n => n.Name.Region == "*").FullName);
        Assert.Equal("www", Migration.Step(step).Root.Name);
    }

    [Fact]
    public void NodesAreNamedAsTheOriginalNamesThem()
    {
        var names = Asgard.Create(Migration.Step(0), 100, 1).Nodes.Select(n => n.FullName).ToHashSet(StringComparer.Ordinal);
        Assert.Contains("migration.us-east-1.zoneA.rds-mysql.store.rds-mysql0", names);
        Assert.Contains("migration.us-east-1.zoneB.rds-mysql.store.rds-mysql1", names);
        Assert.Contains("migration.us-east-1.zoneC.php.monolith.php8", names);
        Assert.Contains("migration.us-east-1.*.www-elb.elb.www-elb0", names);
        var step9 = Asgard.Create(Migration.Step(9), 100, 1).Nodes.Select(n => n.FullName).ToHashSet(StringComparer.Ordinal);
        Assert.Contains("migration.eu-west-1.zoneC.cassTurtle.priamCassandra.cassTurtle35", step9);
        Assert.Contains("migration.us-west-2.zoneA.evcache.store.evcache3", step9);
    }

    [Theory]
    [InlineData(0, 2, 25)]  // steps 0–6 follow -w like the original: everything but www doubles
    [InlineData(6, 2, 99)]
    [InlineData(7, 1, 99)]  // steps 7–9 set their own regions whatever -w says
    [InlineData(7, 3, 99)]
    [InlineData(9, 6, 148)]
    public void StepsSevenToNineSetTheirOwnRegions(int step, int wide, int nodes) =>
        Assert.Equal(nodes, Asgard.Create(Migration.Step(step), 100, wide).Nodes.Count);

    [Fact]
    public void MySqlAndTheCachesKeepTheirCountsAtAnyScale()
    {
        // -p 50 at step 5: cassTurtle 6, turtle 3, php/node/wwwproxy 4 each (9·50/100), rds-mysql 2 and evcache 3 as at 100%.
        var plan = Asgard.Create(Migration.Step(5), 50, 1);
        var counts = plan.Nodes.GroupBy(n => n.Name.Service).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(new Dictionary<string, int>
        {
            ["cassTurtle"] = 6, ["rds-mysql"] = 2, ["evcache"] = 3, ["turtle"] = 3, ["php"] = 4, ["node"] = 4, ["wwwproxy"] = 4, ["www-elb"] = 1, ["www"] = 1,
        }, counts);
        Assert.Equal(1, Asgard.Create(Migration.Step(1), 10, 1).Nodes.Count(n => n.Name.Service == "memcache"));
        Assert.Equal(2, Asgard.Create(Migration.Step(1), 10, 1).Nodes.Count(n => n.Name.Service == "rds-mysql"));
    }

    [Fact]
    public void CassandraJoinsAcrossRegionsFromStepEightAndPhpBecomesKaryonAtStepThree()
    {
        Assert.Equal([false, false, false, false, false, false, false, false, true, true], Enumerable.Range(0, 10).Select(s => Migration.Step(s).JoinedRegions));
        Assert.Equal(Spigo.Architecture.Packages.Monolith, Migration.Step(2).Services.Single(s => s.Name == "php").Package);
        Assert.Equal(Spigo.Architecture.Packages.Karyon, Migration.Step(3).Services.Single(s => s.Name == "php").Package);
        Assert.All(Enumerable.Range(0, 10), s => Assert.Equal("", Migration.Step(s).Victim));
    }
}
