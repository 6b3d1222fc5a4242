using System.Text.RegularExpressions;
using Spigo.Tests.ScaleOut;

namespace Spigo.Tests.Pirates;

/// <summary>
/// The spigo process leaves its embedded silo to die with it: pirates that said Goodbye stay activated and the silo is
/// not stopped. What it prints and writes must be what the same seed gives a run that stops its silo (in this process).
/// </summary>
[Collection(AloneCollection.Name)]
public sealed partial class FsmProcessTests : ProcessTests
{
    [Fact]
    public async Task ARunThatEndsWithItsProcessPrintsAndWritesWhatASiloThatStopsDoes()
    {
        string[] Args(string dir) => ["-a", "fsm", "-p", "3000", "-d", "0", "--no-chat", "-j", "-g", "--seed", "11", "-o", dir];
        var processDir = TempDir.Create();
        var spigo = Start("spigo.dll", Args(processDir));
        // The limit is a hang detector: the run takes a few seconds.
        Assert.Equal(0, await spigo.WaitAsync(TimeSpan.FromSeconds(120)));
        var inProcessDir = TempDir.Create();
        var inProcess = await Cli.CliRunner.Run(Args(inProcessDir));
        Assert.Equal(0, inProcess.ExitCode);

        Assert.Matches(@"^spigo: fsm complete: 3000 pirates, 15000 messages delivered in \S+, \d+ edges, 3000/3000 Goodbyes, gold (\d+)/\1 conserved", spigo.Out);
        Assert.Equal(WithoutTimes(inProcess.Out), WithoutTimes(spigo.Out));
        Assert.DoesNotContain("fail", spigo.Err, StringComparison.OrdinalIgnoreCase);
        foreach (var file in new[] { "fsm.json", "fsm.graphml" })
        {
            var written = await File.ReadAllTextAsync(Path.Combine(processDir, file));
            Assert.Equal(Entries(await File.ReadAllTextAsync(Path.Combine(inProcessDir, file))), Entries(written));
        }
        var json = await File.ReadAllTextAsync(Path.Combine(processDir, "fsm.json"));
        Assert.Equal(3000, Regex.Count(json, "\"node\":"));
        Assert.Equal(3000, Regex.Count(json, "\"done\":"));
    }

    /// <summary>The summary with its durations and file paths left out (they differ between two runs).</summary>
    private static string WithoutTimes(string summary) => Duration().Replace(summary.Replace("\\", "/", StringComparison.Ordinal), "T").Split("; wrote")[0];

    /// <summary>A file's lines without timestamps and edge ids (both follow the order of arrival), sorted.</summary>
    private static string[] Entries(string file) => [.. Timestamp().Replace(file, "").Split('\n').Select(l => l.Trim().TrimEnd(',')).Order(StringComparer.Ordinal)];

    [GeneratedRegex(@"\d+(\.\d+)?(ns|µs|ms|s|m|h)\b")]
    private static partial Regex Duration();

    [GeneratedRegex(@"""timestamp"":""[^""]*""|""date"":""[^""]*""|""args"":""[^""]*""|""edge"":""e\d+""|id=""e\d+""")]
    private static partial Regex Timestamp();
}
