using Spigo.Client.Output;

namespace Spigo.Tests.Cli;

/// <summary>The spigo command with its own embedded silo, as a user runs it.</summary>
public class EndToEndTests
{
    [Fact]
    public async Task WriteReloadWriteKeepsNodesAndEdges()
    {
        var first = TempDir.Create();
        var run = await CliRunner.Run("-a", "fsm", "-p", "40", "-d", "0", "-j", "-g", "--no-chat", "--seed", "5", "-o", first);
        Assert.True(run.ExitCode == 0, run.Err);
        Assert.Matches(@"^spigo: fsm complete: 40 pirates, 200 messages delivered in .*, 80 edges, 40/40 Goodbyes, gold \d+/\d+ conserved", run.Out);
        Assert.True(File.Exists(Path.Combine(first, "fsm.graphml")));
        var original = GraphJsonReader.Read(Path.Combine(first, "fsm.json"));

        var second = TempDir.Create();
        var again = await CliRunner.Run("-a", "fsm", "-r", Path.Combine(first, "fsm.json"), "-d", "0", "-j", "--no-chat", "-o", second);
        Assert.True(again.ExitCode == 0, again.Err);
        Assert.Contains("reloading from", again.Err);
        var reloaded = GraphJsonReader.Read(Path.Combine(second, "fsm.json"));

        Assert.Equal(original.Nodes.Select(n => n.Name).Order(), reloaded.Nodes.Select(n => n.Name).Order());
        Assert.Equal(original.Edges.Select(e => (e.Source, e.Target)).Order(), reloaded.Edges.Select(e => (e.Source, e.Target)).Order());
        Assert.Equal(40, reloaded.Done.Count());
        Assert.Empty(Directory.EnumerateFiles(second, "*.tmp"));
    }

    [Fact]
    public async Task MinAnsweredDecidesWhetherARunThatLostRequestsServedItsTraffic()
    {
        // Subscriber fails 40% of its requests, and every request reaches it: about 60% are answered.
        string[] run = ["-a", "netflixoss", "-p", "25", "-d", "3", "--seed", "6", "--chaos", "errors:subscriber=40%@0s+3s"];
        var lenient = await CliRunner.Run(run);
        Assert.True(lenient.ExitCode == 0, lenient.Err);
        Assert.Matches(@"^spigo: netflixoss complete: ", lenient.Out);

        var strict = await CliRunner.Run([.. run, "--min-answered", "90%"]);
        Assert.Equal(1, strict.ExitCode);
        Assert.Matches(@"^spigo: netflixoss FAILED: ", strict.Out);
        Assert.Matches(@"^spigo: the architecture did not serve its traffic: \d+ of \d+ requests answered \(\d+ failed, 0 timed out\), under --min-answered 90%$", strict.Err.Trim().Split('\n')[^1]);

        var bad = await CliRunner.Run([.. run, "--min-answered", "0.9"]);
        Assert.Equal(2, bad.ExitCode);
        Assert.Equal("spigo: --min-answered 0.9: expected a percentage from 0% to 100%, e.g. 95%", bad.Err.Trim());
    }

    [Fact]
    public async Task DefaultRunWritesNoFilesAndPrintsTheSeed()
    {
        var dir = TempDir.Create();
        var run = await CliRunner.Run("-a", "fsm", "-p", "10", "-d", "0", "-o", dir);
        Assert.Equal(0, run.ExitCode);
        Assert.Matches(@"spigo: seed \d+ \(repeat this run with --seed \d+\)", run.Err);
        Assert.Contains("fsm: Delivered 50 messages in", run.Err);
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir));
    }

    [Fact]
    public async Task CpuProfileIsWrittenWhole()
    {
        var dir = TempDir.Create();
        var profile = Path.Combine(dir, "prof", "fsm.nettrace");
        var run = await CliRunner.Run("-a", "fsm", "-p", "20", "-d", "0", "-cpuprofile", profile, "-o", dir);
        Assert.True(run.ExitCode == 0, run.Err);
        var bytes = await File.ReadAllBytesAsync(profile);
        Assert.True(bytes.Length > 1000);
        Assert.Equal("Nettrace"u8.ToArray(), bytes.AsSpan(0, 8).ToArray());
        Assert.Empty(Directory.EnumerateFiles(Path.GetDirectoryName(profile)!, "*.tmp"));
    }

    [Fact]
    public async Task ReloadingTheOriginalsLampGraphRestoresItsNodesAndEdges()
    {
        var example = Path.Combine(AppContext.BaseDirectory, "examples", "2015-lamp-p6.json");
        var original = GraphJsonReader.Read(example);
        var dir = TempDir.Create();
        var run = await CliRunner.Run("-a", "lamp", "-r", example, "-d", "1", "-j", "-o", dir, "--seed", "4");
        Assert.True(run.ExitCode == 0, run.Err);
        var reloaded = GraphJsonReader.Read(Path.Combine(dir, "lamp.json"));
        Assert.Equal(original.Nodes.Select(n => n.Name).Order(), reloaded.Nodes.Select(n => n.Name).Order());
        var serviceOf = (string name) => name.Split('.')[3];
        // Every dependency (source → target's service) of the original graph is discovered again.
        var again = reloaded.Edges.Select(e => (e.Source, serviceOf(e.Target!))).ToHashSet();
        Assert.All(original.Edges, e => Assert.Contains((e.Source, serviceOf(e.Target!)), again));
    }
}
