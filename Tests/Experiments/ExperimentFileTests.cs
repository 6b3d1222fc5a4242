using Spigo.Tests.Cli;

namespace Spigo.Tests.Experiments;

/// <summary>
/// Mistakes in an experiment file: one line with the file, line and column, exit 2, nothing run and nothing written.
/// None of these starts a silo.
/// </summary>
public sealed class ExperimentFileTests
{
    private const string Check = "hypothesis:\n  - figure: answered-share\n    at-least: 99%\n";

    [Theory]
    [InlineData("titel: x\n" + Check, 1, 1, "unknown key \"titel\" in an experiment; did you mean \"title\"?")]
    [InlineData("run:\n  duraton: 5\n" + Check, 2, 3, "unknown key \"duraton\" in run (a flag of spigo, without its dashes); did you mean \"duration\"?")]
    [InlineData("run:\n  graphjson: true\n" + Check, 2, 3, "graphjson: not in an experiment file")]
    [InlineData("run:\n  duration: abc\n" + Check, 2, 3, "--duration abc: must be a whole number")]
    [InlineData("run:\n  arch: nosuch\n" + Check, 2, 3, "-a nosuch: unknown architecture")]
    [InlineData("run:\n  arch: fsm\n" + Check, 2, 3, "pirates serve no requests")]
    [InlineData("method:\n  chaos: [\"gorilla:us-east-1.zoneQ@1s\"]\n" + Check, 2, 3, "no nanoservice of netflixoss")]
    [InlineData("hypothesis:\n  - figure: p98\n    at-most: 5ms\n", 2, 13, "figure: no figure \"p98\"; did you mean \"p95\"?")]
    [InlineData("hypothesis:\n  - figure: p99\n    at-most: 5 parsecs\n", 3, 14, "at-most: \"5 parsecs\" is not a duration")]
    [InlineData("hypothesis:\n  - figure: error-share\n    at-most: 150%\n", 3, 14, "at-most: \"150%\" is not a share")]
    [InlineData("hypothesis:\n  - figure: p99\n", 2, 5, "a check needs one bound: at-least or at-most")]
    [InlineData("hypothesis:\n  - figure: utilization\n    service: homepag\n    at-most: 80%\n", 2, 5, "has no service \"homepag\"; did you mean \"homepage\"?")]
    [InlineData("hypothesis:\n  - figure: utilization\n    service: homepage\n    at-most: 80%\n", 2, 5, "utilization of homepage: it has no capacity")]
    [InlineData("hypothesis:\n  - figure: p99\n    at-most: 5ms\n    in: [\"gorilla us-east-1.zoneB\"]\n", 2, 5, "in: no fault opens a phase \"gorilla us-east-1.zoneB\"")]
    [InlineData("hypothesis:\n  - figure: p99\n    at-most: 5ms\n    in: after-faults\n", 2, 5, "in: after-faults, but no fault of the method ends within the run")]
    [InlineData("hypothesis:\n  - figure: p99\n    at-most: 5ms\n    within: 2s\n", 4, 13, "within: only with in: after-faults")]
    [InlineData("sweep:\n  retries: [0, 1]\n" + Check, 2, 3, "sweep: retries is not a parameter: no flag of run or method says ${retries}")]
    [InlineData("run:\n  rate: ${interval}\n" + Check, 2, 3, "rate: ${interval} is not a parameter of the sweep")]
    [InlineData("run:\n  rate: ${r}${s}${t}ms\nsweep:\n  r: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]\n  s: [1, 2, 3, 4, 5, 6, 7, 8, 9]\n  t: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\nrepeat: 1\n" + Check, 4, 3, "1080 runs")]
    [InlineData("abort:\n  - figure: error-share\n    above: 50%\n    for: 2 weeks\n" + Check, 4, 10, "for: \"2 weeks\" is not a duration")]
    [InlineData("control: yes please\n" + Check, 1, 10, "control: \"yes please\" is not true or false")]
    [InlineData("title: [unclosed\n" + Check, 1, 8, "not valid YAML here")]
    [InlineData("- just\n- a list\n", 1, 1, "expected one mapping")]
    [InlineData("title: x\n", 1, 1, "no hypothesis")]
    public async Task AMistakeIsOneLineWithFileLineAndColumnAndNothingRuns(string yaml, int line, int column, string says)
    {
        var dir = TempDir.Create();
        var file = ExperimentFiles.Write(yaml, dir);
        var outcome = await CliRunner.Run("experiment", file, "-o", dir, "--junit", Path.Combine(dir, "junit.xml"));
        Assert.Equal(2, outcome.ExitCode);
        var error = outcome.Err.TrimEnd();
        Assert.DoesNotContain('\n', error);
        Assert.StartsWith($"spigo experiment: {file}:{line}:{column}: ", error);
        Assert.Contains(says, error, StringComparison.Ordinal);
        Assert.Equal("", outcome.Out);
        Assert.Equal(["trial.yaml"], Directory.GetFiles(dir).Select(Path.GetFileName));
    }

    [Fact]
    public async Task HelpHasExamplesAndABadNumberOfParallelRunsIsOneLine()
    {
        var help = await CliRunner.Run("experiment", "--help");
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("spigo experiment experiments/zone-outage.yaml", help.Out, StringComparison.Ordinal);
        Assert.Contains("--parallel", help.Out, StringComparison.Ordinal);
        var parallel = await CliRunner.Run("experiment", "x.yaml", "--parallel", "0");
        Assert.Equal(2, parallel.ExitCode);
        Assert.StartsWith("spigo experiment: --parallel 0: ", parallel.Err, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', parallel.Err.TrimEnd());
    }

    [Fact]
    public async Task BothACusterAndGatewaysAreRefusedBeforeTheFileIsRead()
    {
        var outcome = await CliRunner.Run("experiment", "/nonexistent/x.yaml", "--cluster", "redis://127.0.0.1:1", "--gateway", "127.0.0.1:1");
        Assert.Equal((2, "spigo experiment: --cluster redis://127.0.0.1:1: give either --cluster or --gateway, not both"), (outcome.ExitCode, outcome.Err.TrimEnd()));
    }

    [Fact]
    public async Task AFlagOnTheCommandLineThatAnExperimentSetsItselfIsRefused()
    {
        var dir = TempDir.Create();
        var outcome = await CliRunner.Run("experiment", ExperimentFiles.Write(Check, dir), "-o", dir, "-j");
        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal("spigo experiment: experiment: --graphjson: not in an experiment: an experiment writes its report, not graphs", outcome.Err.TrimEnd());
    }

    [Fact]
    public async Task AMissingFileAndAnUnwritableReportAreOneLineEach()
    {
        var missing = await CliRunner.Run("experiment", "/nonexistent/x.yaml");
        Assert.Equal((2, "spigo experiment: /nonexistent/x.yaml: file not found"), (missing.ExitCode, missing.Err.TrimEnd()));
        var dir = TempDir.Create();
        var file = ExperimentFiles.Write(Check, dir);
        var blocked = Path.Combine(dir, "blocked");
        File.WriteAllText(blocked, "");
        var outcome = await CliRunner.Run("experiment", file, "-o", blocked);
        Assert.Equal((2, $"spigo experiment: -o {blocked}: is a file, not a directory"), (outcome.ExitCode, outcome.Err.TrimEnd()));
    }

    [Fact]
    public async Task JsonReadsAsYamlDoes()
    {
        var dir = TempDir.Create();
        var file = Path.Combine(dir, "trial.json");
        File.WriteAllText(file, "{\n\t\"run\": {\"duration\": \"x\"},\n\t\"hypothesis\": [{\"figure\": \"p99\", \"at-most\": \"5ms\"}]\n}\n");
        var outcome = await CliRunner.Run("experiment", file, "-o", dir);
        Assert.Equal(2, outcome.ExitCode);
        Assert.StartsWith($"spigo experiment: {file}:2:10: ", outcome.Err);
    }

    [Fact]
    public void TheWorkedExamplesReadAndPlan()
    {
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "experiments"), "*.yaml"))
        {
            var experiment = Client.Experiments.ExperimentReader.Read(file);
            var runs = Client.Experiments.ExperimentPlan.Create(experiment, [], yes: false);
            Assert.Equal(experiment.Runs, runs.Count);
            Assert.NotEmpty(experiment.Title);
        }
    }
}
