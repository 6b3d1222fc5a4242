using Spigo.Client.Output;

namespace Spigo.Tests.ScaleOut;

[Collection(ThreeSiloCollection.Name)]
public class ThreeSiloRunTests(ThreeSiloFixture fixture)
{
    [Fact]
    public async Task FsmRunsOverThreeSilosWithPiratesOnEveryOneAndGoldConserved()
    {
        var dir = TempDir.Create();
        var result = await ThreeSilos.Run(ThreeSilos.Options("fsm", 1000, 2, dir) with { Relay = true }, fixture.Client);

        var fsm = result.Fsm!;
        Assert.Empty(fsm.Missing);
        Assert.Empty(fsm.Lost);
        Assert.Equal(1000, fsm.Goodbyes);
        Assert.True(fsm.GoldConserved, $"gold given {fsm.GoldGiven}, reported {fsm.GoldReported}");
        Assert.Equal(3, fsm.Silos.Count);
        Assert.Equal(1000, fsm.Silos.Sum(s => s.Nanoservices));
        // Hash placement: each of three silos gets about a third; far from empty, far from all.
        Assert.All(fsm.Silos, s => Assert.InRange(s.Nanoservices, 200, 500));

        var graph = GraphJsonReader.Read(Path.Combine(dir, "fsm.json"));
        Assert.Equal(1000, graph.Nodes.Count());
        Assert.Equal(fsm.Buddies, graph.Edges.Count());
        Assert.Equal(1000, graph.Done.Count(d => d.Exit == "normal"));
    }

    [Fact]
    public async Task NetflixOssOverThreeSilosKeepsReadYourWrites()
    {
        var dir = TempDir.Create();
        var options = ThreeSilos.Options("netflixoss", 100, 3, dir) with { Verify = true };
        var result = await ThreeSilos.Run(options, fixture.Client);

        var a = result.Architecture!;
        Assert.Empty(a.Missing);
        Assert.Empty(a.Lost);
        Assert.True(a.Completed > 100, $"only {a.Completed} requests answered");
        Assert.NotNull(a.ReadBack);
        Assert.Null(a.ReadBack!.Skipped);
        Assert.True(a.ReadBack.Holds, $"read-your-writes broken for {string.Join(", ", a.ReadBack.Violations.Take(5))}");
        Assert.True(a.ReadBack.Keys > 0);
        Assert.Equal(3, a.Silos.Count);
        Assert.All(a.Silos, s => Assert.True(s.Nanoservices > 0, $"{s.Silo} held no nanoservices"));
    }
}
