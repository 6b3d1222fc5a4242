using Spigo.Tests.ScaleOut;

namespace Spigo.Tests.Experiments;

/// <summary>spigo experiment as a real process: it ends with its embedded silo when done, and promptly on SIGTERM.</summary>
[Collection(AloneCollection.Name)]
public sealed class ExperimentProcessTests : ProcessTests
{
    [Fact]
    public async Task AnExperimentRunsToItsVerdictAndTheProcessEnds()
    {
        var dir = TempDir.Create();
        var file = ExperimentFiles.Write(ExperimentFiles.Run(3, """
            method:
              chaos: ["gorilla:us-east-1.zoneC@1s+1s"]
            control: true
            hypothesis:
              - figure: answered-share
                at-least: 0.5
            """), dir);
        var spigo = Start("spigo.dll", "experiment", file, "-o", dir);

        // The limit is a hang detector: the two runs take about 10 s.
        Assert.Equal(0, await spigo.WaitAsync(TimeSpan.FromSeconds(120)));
        Assert.StartsWith("experiment trial: HOLDS — 1 check, 2 runs in ", spigo.Out, StringComparison.Ordinal);
        Assert.Contains("experiment: run 2 of 2 (experiment, seed 1): ", spigo.Err, StringComparison.Ordinal);
        Assert.Equal(["trial.report.html", "trial.report.json", "trial.yaml"], Directory.GetFiles(dir).Select(Path.GetFileName).Order());
    }

    [Fact]
    public async Task SigtermDuringAnExperimentStopsItAt143WithNoReport()
    {
        var dir = TempDir.Create();
        var file = ExperimentFiles.Write(ExperimentFiles.Run(60, "repeat: 3\nhypothesis:\n  - figure: p99\n    at-most: 1s\n"), dir);
        var spigo = Start("spigo.dll", "experiment", file, "-o", dir);
        Assert.True(await spigo.WaitForErr("experiment trial: 3 runs", TimeSpan.FromSeconds(60)), spigo.Err);

        spigo.Terminate();

        Assert.Equal(143, await spigo.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal("spigo experiment: interrupted; no report written", spigo.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1].Trim());
        Assert.Equal(["trial.yaml"], Directory.GetFiles(dir).Select(Path.GetFileName));
    }
}
