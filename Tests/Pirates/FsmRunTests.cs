using Spigo.Client.Cli;
using Spigo.Edda;
using Spigo.Tests.Cluster;

namespace Spigo.Tests.Pirates;

[Collection(ClusterCollection.Name)]
public class FsmRunTests(ClusterFixture fixture)
{
    [Fact]
    public async Task HundredPiratesChatAndEveryoneSaysGoodbyeWithGoldConserved()
    {
        var dir = TempDir.Create();
        var options = new SpigoOptions
        {
            Arch = "fsm",
            Population = 100,
            Duration = TimeSpan.FromSeconds(2),
            GraphJson = true,
            Seed = 7,
            SeedGiven = true,
            OutputDirectory = dir,
            Timeout = TimeSpan.FromSeconds(30),
        };
        var errors = new StringWriter();
        var simulation = new Simulation(options, SimulationPlan.Create(options), new StringWriter(), errors, interactive: false);

        var result = await simulation.RunOn(fixture.Client, CancellationToken.None);

        var fsm = result.Fsm!;
        Assert.Equal(100, fsm.Pirates);
        Assert.Equal(100, fsm.Goodbyes);
        Assert.Empty(fsm.Missing);
        Assert.Equal(fsm.GoldGiven, fsm.GoldReported);
        Assert.True(fsm.GoldGiven >= 100, "every pirate was given at least one coin");
        Assert.True(fsm.Buddies >= 200, $"only {fsm.Buddies} buddies");
        Assert.Equal(100 * 6, fsm.Delivered); // Hello, Inform (Edda), 2 NameDrops, GoldCoin, Chat

        var document = Client.Output.GraphJsonReader.Read(Path.Combine(dir, "fsm.json"));
        Assert.Equal(100, document.Nodes.Count());
        Assert.Equal(fsm.Buddies, document.Edges.Count());
        Assert.Equal(100, document.Done.Count());
        Assert.All(document.Nodes, n => Assert.Equal("pirate", n.Package));
        var nodes = document.Nodes.Select(n => n.Name).ToHashSet();
        Assert.All(document.Edges, e => Assert.True(nodes.Contains(e.Source!) && nodes.Contains(e.Target!)));
        Assert.Equal(document.Edges.Count(), document.Edges.Select(e => (e.Source, e.Target)).Distinct().Count());
        Assert.Equal(Enumerable.Range(1, document.Edges.Count()).Select(i => "e" + i), document.Edges.Select(e => e.Name));
        // Edda recorded nodes before any edge that uses them.
        var firstEdge = document.Entries.ToList().FindIndex(e => e.Kind == EddaEntryKind.Edge);
        Assert.Equal(100, document.Entries.Take(firstEdge).Count(e => e.Kind == EddaEntryKind.Node));
    }

    [Fact]
    public async Task TheSameSeedGivesTheSameStartingGraph()
    {
        async Task<HashSet<(string?, string?)>> Run()
        {
            var dir = TempDir.Create();
            var options = new SpigoOptions { Arch = "fsm", Population = 30, Duration = TimeSpan.Zero, GraphJson = true, NoChat = true, Seed = 11, SeedGiven = true, OutputDirectory = dir };
            await new Simulation(options, SimulationPlan.Create(options), new StringWriter(), new StringWriter(), false).RunOn(fixture.Client, CancellationToken.None);
            return Client.Output.GraphJsonReader.Read(Path.Combine(dir, "fsm.json")).Edges.Select(e => (e.Source, e.Target)).ToHashSet();
        }
        var first = await Run();
        Assert.Equal(60, first.Count);
        Assert.True(first.SetEquals(await Run()));
    }
}
