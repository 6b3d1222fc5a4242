using System.Globalization;
using System.Text.RegularExpressions;
using Spigo.Tests.ScaleOut;

namespace Spigo.Tests.Architectures;

/// <summary>
/// Faults that end, in the real spigo process: its embedded silo ends with the process, so nanoservices that leave at
/// the run's end stay activated there, which an in-process run never shows. Everything a fault stopped must come
/// back, serve, and say Goodbye; what a partition cut from the writes must reach its replicas when it heals.
/// </summary>
/// <remarks>
/// Alone: with the rest of the suite loading both cores, a run has been seen to stall in its setup, and a stopped
/// nanoservice to come back empty at the end (answering Goodbye as lost); neither is seen on a machine to itself.
/// </remarks>
[Collection(AloneCollection.Name)]
public sealed partial class FaultsThatEndProcessTests : ProcessTests
{
    [Fact]
    public async Task EveryKindOfFaultThatEndsEndsCompleteInTheProcess()
    {
        var spigo = Start("spigo.dll", "-a", "netflixoss", "-d", "10", "--seed", "4", "--verify", "--timeout", "30s", "-o", TempDir.Create(),
            "--chaos", "monkey:homepage@1s+2s", "--chaos", "gorilla:us-east-1.zoneA@2s+3s",
            "--chaos", "partition:us-east-1.zoneB/us-east-1.zoneC@3s+2s", "--chaos", "latency:homepage=fixed:2ms@4s+2s",
            "--chaos", "errors:homepage=50%@5s+2s");
        // The errors monkey starts at the moment zone A comes back: its word to zone A's homepages waits until Asgard has
        // set each up again (a word that reached one first would wake it empty, and it would answer as lost). The limit
        // is a hang detector: the run takes about 12 s.
        Assert.Equal(0, await spigo.WaitAsync(TimeSpan.FromSeconds(180)));
        AssertEveryoneCameBack(spigo, nanoservices: 65, goodbyes: 68);
        Assert.Matches(@"partition us-east-1\.zoneB/us-east-1\.zoneC healed: (\d+) messages were lost to it, \d+ copies of writes", spigo.Err);
    }

    [Fact]
    public async Task ARegionAndAZoneThatComeBackEndCompleteInTheProcess()
    {
        // The partition between the regions begins 3 s after us-west-2 is back: a region set up again whole fills itself
        // from the other region, and a partition that cuts that repair short on a busy machine has left keys missing
        // there (read-your-writes broken for 212 keys in one of six runs beside two busy cores) — a fault of its own.
        var spigo = Start("spigo.dll", "-a", "netflixoss", "-w", "2", "-d", "12", "--seed", "4", "--verify", "--timeout", "30s", "-o", TempDir.Create(),
            "--chaos", "gorilla:us-east-1.zoneA@2s+4s", "--chaos", "kong:us-west-2@3s+2s", "--chaos", "partition:us-east-1/us-west-2@8s+1s");
        Assert.Equal(0, await spigo.WaitAsync(TimeSpan.FromSeconds(180)));
        AssertEveryoneCameBack(spigo, nanoservices: 129, goodbyes: 135);
    }

    /// <summary>Complete, read-your-writes held, everyone said Goodbye, all that stopped came back and the last phase is served.</summary>
    private static void AssertEveryoneCameBack(ChildProcess spigo, int nanoservices, int goodbyes)
    {
        var summary = Summary().Match(spigo.Out);
        Assert.True(summary.Success, $"no summary line:\n{spigo.Out}\n{spigo.Err}");
        Assert.Equal(nanoservices.ToString(CultureInfo.InvariantCulture), summary.Groups["nodes"].Value);
        Assert.Equal(summary.Groups["stopped"].Value, summary.Groups["back"].Value);
        Assert.True(spigo.Out.Contains("read-your-writes holds", StringComparison.Ordinal), $"{spigo.Out}\n{spigo.Err}");
        Assert.True(spigo.Out.Contains($", {goodbyes} Goodbyes,", StringComparison.Ordinal), $"{spigo.Out}\n{spigo.Err}");
        // After every fault has ended the architecture serves again: at most a request or two in flight at the change.
        var last = Phase().Matches(spigo.Out)[^1];
        Assert.StartsWith("after ", last.Groups["name"].Value, StringComparison.Ordinal);
        Assert.True(double.Parse(last.Groups["failed"].Value, CultureInfo.InvariantCulture) <= 2.0, last.Value);
        // After the last fault, the answered rate came back to what it was before it, and the summary says when.
        Assert.Matches(@"^spigo: phase after .*, back to 95% of the [\d.]+% answered before the fault in [\d.]+s$",
            spigo.Out.Split('\n').Select(l => l.TrimEnd()).Last(l => l.StartsWith("spigo: phase ", StringComparison.Ordinal)));
    }

    [GeneratedRegex(@"^spigo: netflixoss complete: (?<nodes>\d+) nanoservices, .*--chaos stopped (?<stopped>\d+) nanoservices? \((?<back>\d+) came back\)", RegexOptions.Multiline)]
    private static partial Regex Summary();

    [GeneratedRegex(@"^spigo: phase (?<name>.+) from \S+ for \S+: \d+ requests, \d+ answered/s, (?<failed>[\d.]+)% failed", RegexOptions.Multiline)]
    private static partial Regex Phase();
}
