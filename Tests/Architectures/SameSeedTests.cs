using System.Text.Json;
using Spigo.Tests.Cli;

namespace Spigo.Tests.Architectures;

/// <summary>
/// The same seed gives the same run: the nodes and edges recorded for two seeded runs equal those kept in Golden/, so a
/// change to how nanoservices are built inside cannot change what they do without this test saying so.
/// </summary>
public class SameSeedTests
{
    [Theory]
    [InlineData("netflixoss-seed4", "netflixoss", new[] { "-a", "netflixoss", "-d", "2", "--seed", "4" })]
    [InlineData("fsm-p500-seed11", "fsm", new[] { "-a", "fsm", "-p", "500", "-d", "0", "--no-chat", "--seed", "11" })]
    public async Task ASeededRunRecordsTheGoldenNodesAndEdges(string golden, string arch, string[] args)
    {
        var dir = TempDir.Create();
        var outcome = await CliRunner.Run([.. args, "-j", "-o", dir]);
        Assert.Equal(0, outcome.ExitCode);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dir, arch + ".json")));
        var graph = json.RootElement.GetProperty("graph").EnumerateArray().ToList();
        string[] nodes = [.. graph.Where(e => e.TryGetProperty("node", out _)).Select(e => e.GetProperty("node").GetString()!).Order(StringComparer.Ordinal)];
        string[] edges = [.. graph.Where(e => e.TryGetProperty("edge", out _))
            .Select(e => e.GetProperty("source").GetString() + " " + e.GetProperty("target").GetString()).Order(StringComparer.Ordinal)];
        var expected = await File.ReadAllLinesAsync(Path.Combine(AppContext.BaseDirectory, "golden", golden + ".txt"));
        var split = Array.IndexOf(expected, "# edges");
        Assert.Equal(expected[1..split], nodes);
        Assert.Equal(expected[(split + 1)..].Where(l => l.Length > 0), edges);
    }
}
