using System.Diagnostics;
using Spigo.Client.Cli;
using Spigo.Client.Hosting;
using Spigo.CommandLine;

namespace Spigo.Client.Experiments;

/// <summary><c>spigo experiment FILE</c>: read and plan every run, run them, judge the hypothesis, write the report.</summary>
public static class ExperimentApp
{
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, bool interactive, CancellationToken cancellationToken)
    {
        var command = new ExperimentCommand();
        var parse = command.Command.Parse(args);
        if (parse.Errors.Count > 0 && parse.Action is not System.CommandLine.Help.HelpAction)
        {
            stderr.WriteLine($"spigo experiment: {OneLine.Of(parse.Errors[0].Message)} See 'spigo experiment --help'.");
            return UsageException.ExitCode;
        }
        if (parse.Action is System.CommandLine.Help.HelpAction)
        {
            return await parse.InvokeAsync(new System.CommandLine.InvocationConfiguration { Output = stdout, Error = stderr }, cancellationToken);
        }
        try
        {
            var arguments = command.Bind(parse);
            var experiment = ExperimentReader.Read(arguments.File);
            experiment = experiment with { Seed = arguments.Seed ?? experiment.Seed, Repeat = arguments.Repeat ?? experiment.Repeat };
            var runs = ExperimentPlan.Create(experiment, arguments.Overrides, arguments.Yes);
            var report = new ExperimentReport(experiment, arguments);
            report.Check();
            return await RunAsync(experiment, arguments, runs, report, stdout, stderr, interactive, cancellationToken);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            var (line, code) = e switch
            {
                UsageException => (OneLine.Of(e.Message), UsageException.ExitCode),
                ClusterUnreachableException => (OneLine.Of(e.Message), SpigoApp.RuntimeFailure),
                _ when cancellationToken.IsCancellationRequested => ("interrupted; no report written", SpigoApp.Interrupted),
                _ => ($"failed: {e.GetType().Name}: {OneLine.Of(e.Message)}", SpigoApp.RuntimeFailure),
            };
            stderr.WriteLine($"spigo experiment: {line}");
            return code;
        }
    }

    private static async Task<int> RunAsync(Experiment experiment, ExperimentArguments arguments, IReadOnlyList<ExperimentRun> runs, ExperimentReport report,
        TextWriter stdout, TextWriter stderr, bool interactive, CancellationToken cancellationToken)
    {
        var log = new SpigoLog(stderr);
        var clock = Stopwatch.StartNew();
        log.Info($"experiment {report.Stem}: {runs.Count} runs ({experiment.Points.Count} sweep point{(experiment.Points.Count == 1 ? "" : "s")} × {string.Join(" and ", experiment.Arms)} × {experiment.Repeat} seed{(experiment.Repeat == 1 ? "" : "s")} from {experiment.Seed}), {arguments.Parallel} at a time");
        IReadOnlyList<RunOutcome> outcomes;
        var progress = new ProgressLine(stderr, interactive);
        if (arguments.Cluster is { } target)
        {
            await using var cluster = await RemoteCluster.ConnectAsync(target, TimeSpan.FromSeconds(15), cancellationToken);
            log.Info($"experiment: on the cluster at {target}");
            outcomes = await new ExperimentRunner(cluster.Client, log, progress, arguments.Parallel).RunAsync(runs, cancellationToken);
        }
        else
        {
            await using var silo = await EmbeddedSilo.StartAsync(new Grains.Hosting.Archaius(), null, null, cancellationToken);
            outcomes = await new ExperimentRunner(silo.Client, log, progress, arguments.Parallel).RunAsync(runs, cancellationToken);
        }
        var verdict = Verdict.Judge(experiment, outcomes);
        var files = report.Write(verdict, clock.Elapsed, cancellationToken);
        stdout.WriteLine($"experiment {report.Stem}: {verdict.Word} — {experiment.Hypothesis.Count} check{(experiment.Hypothesis.Count == 1 ? "" : "s")}, {runs.Count} runs in {clock.Elapsed.TotalSeconds:0}s; wrote {string.Join(", ", files)}");
        if (experiment.Sweep.Count > 0)
        {
            stdout.WriteLine($"  {verdict.PointsHolding} of {experiment.Points.Count} sweep points hold the hypothesis; {experiment.Grid!.Name} at each:");
            foreach (var point in verdict.Checks.GroupBy(c => ExperimentRun.PointNameOf(c.Point)))
            {
                var grid = point.First(c => c.Check == experiment.Grid);
                stdout.WriteLine($"  {(point.All(c => c.Holds) ? "holds " : "BROKEN")}  {point.Key}: {grid.Worst?.Experiment?.Format(grid.Check.Figure) ?? "nothing measured"}{(point.All(c => c.Holds) ? "" : $" (broken: {string.Join(", ", point.Where(c => !c.Holds).Select(c => c.Check.Name))})")}");
            }
        }
        else
        {
            foreach (var check in verdict.Checks) stdout.WriteLine("  " + check.Summary);
        }
        foreach (var stopped in verdict.Stopped) stdout.WriteLine($"  {(stopped.Result?.Aborted is not null ? "ABORTED" : "FAILED")} run {stopped.Run.Index + 1} ({ExperimentRunner.Describe(stopped.Run)}): {stopped.Stopped}");
        return verdict.Holds ? SpigoApp.Ok : SpigoApp.RuntimeFailure;
    }
}
