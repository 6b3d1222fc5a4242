using System.Text.Json;
using System.Xml.Linq;
using Spigo.Tests.Cli;

namespace Spigo.Tests.Experiments;

/// <summary>
/// Experiments run on the embedded silo: verdicts, exit codes, the JUnit file, the arms compared, aborts. Each starts a
/// silo of its own and runs two simulations at once: alone, so that they load no other test's cluster.
/// </summary>
[Collection(AloneCollection.Name)]
public sealed class ExperimentRunTests
{
    internal static async Task<(CliRunner.Outcome Outcome, string Dir, JsonElement Report)> RunAsync(string yaml, params string[] flags)
    {
        var dir = TempDir.Create();
        var file = ExperimentFiles.Write(yaml, dir);
        var outcome = await CliRunner.Run(["experiment", file, "-o", dir, "--junit", Path.Combine(dir, "junit.xml"), .. flags]);
        Assert.True(outcome.ExitCode is 0 or 1, $"exit {outcome.ExitCode}: {outcome.Err}");
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "trial.report.json")));
        return (outcome, dir, json.RootElement.Clone());
    }

    /// <summary>The figure of a check in a phase, for an arm, over the seeds.</summary>
    internal static JsonElement Window(JsonElement report, string check, string phase) =>
        report.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == check)
            .GetProperty("windows").EnumerateArray().Single(w => w.GetProperty("phase").GetString() == phase);

    [Fact]
    public async Task AHypothesisThatHoldsExitsZeroAndAMonkeyOnAServiceOfManyInstancesChangesNoMedian()
    {
        // A chaos monkey stops one of six homepage instances for good: Eureka forgets it, the others serve. The
        // proxy every request passes takes its time over it, so the median is the model's, not the machine's moment.
        var (outcome, dir, report) = await RunAsync(ExperimentFiles.Run(8, """
              service-time: ["wwwproxy=lognormal:10ms:0.3"]
            method:
              chaos: ["monkey:homepage@3s"]
            control: true
            repeat: 2
            hypothesis:
              - name: answered
                figure: answered-share
                at-least: 99%
              - name: median
                figure: p50
                at-most: 100ms
            """), "--parallel", "2");
        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains("experiment trial: HOLDS — 2 checks, 4 runs", outcome.Out, StringComparison.Ordinal);
        var junit = XDocument.Load(Path.Combine(dir, "junit.xml")).Root!.Element("testsuite")!;
        Assert.Equal(("2", "0"), (junit.Attribute("tests")!.Value, junit.Attribute("failures")!.Value));
        Assert.Equal(["answered", "median"], junit.Elements("testcase").Select(t => t.Attribute("name")!.Value));
        Assert.DoesNotContain(junit.Descendants(), e => e.Name == "failure");
        Assert.Equal("HOLDS", report.GetProperty("verdict").GetString());
        // Two arms, two seeds each, seed by seed (two at a time, a seed's arms run side by side), and the phases the
        // monkey opens, cut at the same seconds for both arms.
        var runs = report.GetProperty("runs").EnumerateArray().ToList();
        Assert.Equal(["control/1", "experiment/1", "control/2", "experiment/2"], runs.Select(r => $"{r.GetProperty("arm").GetString()}/{r.GetProperty("seed").GetInt32()}"));
        Assert.All(runs, r => Assert.Equal(["before 0-3", "monkey homepage 3-8"], r.GetProperty("phases").EnumerateArray().Select(p => $"{p.GetProperty("name").GetString()} {p.GetProperty("from").GetInt32()}-{p.GetProperty("to").GetInt32()}")));
        var median = Window(report, "median", "monkey homepage");
        Assert.Equal(2, median.GetProperty("experiment").GetProperty("per_seed").GetArrayLength());
        // One instance of six fewer changes nothing a user would see: the arms' medians within 10% of each other. (A
        // test of significance on per-second medians would also flag the machine: two arms run side by side can
        // differ by tens of microseconds.)
        var (experiment, control) = (median.GetProperty("experiment").GetProperty("mean").GetDouble(), median.GetProperty("control").GetProperty("mean").GetDouble());
        Assert.InRange(control, 0.008, 0.05);
        Assert.True(Math.Abs(experiment - control) < 0.1 * control, median.ToString());
    }

    [Fact]
    public async Task AHypothesisThatBreaksNamesTheCheckPhaseAndFigureAndTheArmsDiffer()
    {
        var (outcome, dir, report) = await RunAsync(ExperimentFiles.Run(10, """
            method:
              chaos: ["latency:subscriber=fixed:80ms@4s+5s"]
            control: true
            repeat: 3
            hypothesis:
              - name: fast
                figure: p99
                at-most: 40ms
            """), "--parallel", "2");
        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("experiment trial: BROKEN", outcome.Out, StringComparison.Ordinal);
        Assert.Contains("BROKEN  fast: p99 ", outcome.Out, StringComparison.Ordinal);
        Assert.Contains(" in latency subscriber=fixed:80ms, over 40ms by ", outcome.Out, StringComparison.Ordinal);
        var failure = XDocument.Load(Path.Combine(dir, "junit.xml")).Descendants("failure").Single();
        Assert.Contains("latency subscriber=fixed:80ms", failure.Attribute("message")!.Value, StringComparison.Ordinal);
        var during = Window(report, "fast", "latency subscriber=fixed:80ms");
        Assert.False(during.GetProperty("holds").GetBoolean());
        Assert.InRange(during.GetProperty("experiment").GetProperty("mean").GetDouble(), 0.08, 1);
        Assert.True(during.GetProperty("control").GetProperty("mean").GetDouble() < 0.04, during.ToString());
        // Fifteen seconds a side, every one slower in the experiment arm: the test cannot miss it.
        Assert.True(during.GetProperty("significant").GetBoolean(), during.ToString());
        Assert.True(during.GetProperty("p_value").GetDouble() < 0.001, during.ToString());
        Assert.True(Window(report, "fast", "before").GetProperty("holds").GetBoolean());
    }

    [Fact]
    public async Task AnAbortConditionStopsTheRunEarlyAndSaysWhy()
    {
        var (outcome, _, report) = await RunAsync(ExperimentFiles.Run(30, """
            method:
              chaos: ["errors:homepage=100%@2s+25s", "errors:login=100%@2s+25s"]
            abort:
              - figure: error-share
                above: 50%
                for: 2s
            hypothesis:
              - figure: answered-share
                at-least: 1%
            """));
        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("experiment trial: ABORTED", outcome.Out, StringComparison.Ordinal);
        Assert.Contains("ABORTED run 1 (experiment, seed 1): error-share over 50% for 2s", outcome.Out, StringComparison.Ordinal);
        var run = report.GetProperty("runs")[0];
        Assert.StartsWith("error-share over 50% for 2s", run.GetProperty("aborted").GetString());
        // It stopped within a few seconds of the condition, not after the 30 s of traffic.
        Assert.InRange(run.GetProperty("timeline").GetArrayLength(), 4, 8);
    }

    [Fact]
    public async Task TheSameSeedsGiveTheSameVerdictAndTheSameRunsAndAFlagOnTheCommandLineReplacesTheFiles()
    {
        var yaml = ExperimentFiles.Run(30, """
            method:
              chaos: ["gorilla:us-east-1.zoneB@1s+1s"]
            seed: 7
            repeat: 2
            hypothesis:
              - figure: answered-share
                at-least: 95%
              - figure: p99
                at-most: 1s
                in: after-faults
            """);
        // -d 3 over the file's 30 s, twice.
        var first = await RunAsync(yaml, "-d", "3");
        var second = await RunAsync(yaml, "-d", "3");
        Assert.Equal((0, 0), (first.Outcome.ExitCode, second.Outcome.ExitCode));
        string Plan(JsonElement r) => string.Join(" ", r.GetProperty("runs").EnumerateArray().Select(x =>
            $"{x.GetProperty("seed").GetInt32()}:{string.Join(",", x.GetProperty("phases").EnumerateArray().Select(p => p.GetProperty("to").GetInt32()))}"));
        Assert.Equal("7:1,2,3 8:1,2,3", Plan(first.Report));
        Assert.Equal(Plan(first.Report), Plan(second.Report));
        Assert.Equal(first.Report.GetProperty("verdict").GetString(), second.Report.GetProperty("verdict").GetString());
        // The figures are measured in real time: the same to within what a second of timer ticks moves.
        long Requests(JsonElement r) => r.GetProperty("runs").EnumerateArray().Sum(x => x.GetProperty("requests").GetInt64());
        Assert.InRange(Requests(second.Report), Requests(first.Report) * 0.9, Requests(first.Report) * 1.1);
        Assert.Contains("spigo experiment ", first.Report.GetProperty("command").GetString(), StringComparison.Ordinal);
        Assert.EndsWith("-d 3", first.Report.GetProperty("command").GetString(), StringComparison.Ordinal);
    }
}
