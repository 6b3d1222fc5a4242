using Microsoft.Extensions.DependencyInjection;
using Spigo.Client.Cli;
using Spigo.Edda;
using Spigo.Tests.Cluster;

namespace Spigo.Tests.Architectures;

/// <summary>Chaos kong and a network partition on a running netflixoss.</summary>
[Collection(ClusterCollection.Name)]
public class RegionFaultRunTests(ClusterFixture fixture)
{
    /// <summary>
    /// Runs netflixoss under a name of its own: the faults stop grains and cut the network of their architecture, and
    /// other tests of the shared cluster must not meet what they leave.
    /// </summary>
    private async Task<(Client.Architectures.ArchitectureResult Result, Client.Architectures.ArchitecturePlan Plan, List<EddaEntry> Events)> Run(SpigoOptions options,
        (string Arch, string File)? same = null, StringWriter? log = null)
    {
        var (arch, file) = same ?? await Metrics.UniqueArchitecture.WriteAsync("netflixoss", TempDir.Create());
        options = options with { Arch = file };
        var plan = SimulationPlan.Create(options);
        var result = (await new Simulation(options, plan, new StringWriter(), log ?? new StringWriter(), false).RunOn(fixture.Client, CancellationToken.None)).Architecture!;
        var run = (await fixture.Client.GetGrain<IEddaIndex>(0).List()).First(r => r.Arch == arch);
        var edda = fixture.Client.GetEdda(run.Key);
        return (result, plan.Architecture!, [.. (await edda.Read(0, await edda.Count())).Where(e => e.Kind == EddaEntryKind.Event)]);
    }

    [Fact]
    public async Task ChaosKongTakesARegionAwayAndTheDenominatorFailsOverToTheOther()
    {
        var options = ArchitectureRunTests.NetflixOss(seconds: 4, every: 10) with
        {
            Regions = 2,
            GraphJson = true,
            Faults = [ArchitectureRunTests.Chaos("kong:us-west-2@1s")],
        };
        var (result, plan, events) = await Run(options);

        // Exactly the region's nanoservices and its three registries stopped; everyone else said Goodbye.
        var west = plan.Nodes.Where(n => n.Name.Region == "us-west-2").Select(n => n.FullName)
            .Concat(plan.Registries.Where(r => r.Region == "us-west-2").Select(r => r.ToString())).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(3, west.Count(n => n.Contains(".eureka.", StringComparison.Ordinal)));
        Assert.Equal(west, result.Stopped);
        Assert.Empty(result.Missing);
        // The Denominator learns the region's ELB is gone and sends everything to us-east-1: the traffic carries on.
        var kong = result.Phases!.Single(p => p.Name == "kong us-west-2");
        Assert.True(kong.Answered >= kong.Sent * 9 / 10, $"{kong.Answered} of {kong.Sent} answered while us-west-2 was gone");
        Assert.Contains(events, e => e.Name == "us-west-2" && e.Metadata == $"kong:{plan.Nodes.Count(n => n.Name.Region == "us-west-2")}");
    }

    /// <summary>
    /// A cluster outlives its runs, and users run the same architecture again: what a kong run stopped (and late
    /// messages may wake again, empty) must not cost the next run of that architecture an acknowledged write.
    /// </summary>
    [Fact]
    public async Task TheRunAfterAKongRunOfTheSameArchitectureKeepsEveryAcknowledgedWrite()
    {
        var arch = await Metrics.UniqueArchitecture.WriteAsync("netflixoss", TempDir.Create());
        var kong = ArchitectureRunTests.NetflixOss(seconds: 3, every: 5) with { Regions = 2, GraphJson = true, Faults = [ArchitectureRunTests.Chaos("kong:us-west-2@1s")] };
        Assert.NotEmpty((await Run(kong, arch)).Result.Stopped ?? []);
        for (var i = 0; i < 2; i++)
        {
            var again = ArchitectureRunTests.NetflixOss(seconds: 2, every: 2) with { Regions = 2, Verify = true, GraphJson = true };
            var log = new StringWriter();
            var (result, plan, _) = await Run(again, arch, log);
            Assert.Equal(plan.Nodes.Count, result.Nodes);
            Assert.Empty(result.Missing);
            Assert.Empty(result.Lost);
            Assert.True(result.ReadBack!.Keys > 100, $"only {result.ReadBack.Keys} acknowledged keys");
            Assert.True(result.ReadBack.Violations.Count == 0, $"run {i + 2}: {result.ReadBack.Violations.Count} acknowledged writes not read back:\n{log}");
        }
    }

    [Fact]
    public async Task APartitionBetweenTwoZonesOpensAndClosesItsPhasesAndIsHealedWhenItEnds()
    {
        var options = ArchitectureRunTests.NetflixOss(seconds: 4, every: 10) with
        {
            GraphJson = true,
            Faults = [ArchitectureRunTests.Chaos("partition:us-east-1.zoneA/us-east-1.zoneB@1s+1s"), ArchitectureRunTests.Chaos("partition:us-east-1.zoneB/us-east-1.zoneC@3s+1h")],
        };
        var (result, _, events) = await Run(options);

        Assert.Equal(["before", "partition us-east-1.zoneA/us-east-1.zoneB", "after partition us-east-1.zoneA/us-east-1.zoneB",
            "partition us-east-1.zoneB/us-east-1.zoneC", "after partition us-east-1.zoneB/us-east-1.zoneC"], result.Phases!.Select(p => p.Name));
        // Zuul, Karyon and staash stay in their zone, so a partition between zones costs requests nothing (only replication).
        Assert.Equal(result.Requests, result.Completed);
        // Both partitions were healed, the second when the traffic ended rather than an hour later.
        Assert.Equal(["partition", "partition-healed"], events.Where(e => e.Name == "us-east-1.zoneA/us-east-1.zoneB").Select(e => e.Metadata));
        Assert.Equal(["partition", "partition-healed"], events.Where(e => e.Name == "us-east-1.zoneB/us-east-1.zoneC").Select(e => e.Metadata));
        foreach (var silo in fixture.Cluster.Silos)
        {
            Assert.False(silo.SiloHost.Services
                .GetRequiredService<Grains.Simulation.NetworkPartitions>().Active, "a partition outlived its run");
        }
    }
}
