using System.Diagnostics;
using Spigo.Client.Cli;

namespace Spigo.Client.Experiments;

/// <summary>
/// Runs an experiment's runs on one cluster (the embedded silo or a remote one), up to <c>parallel</c> at once, each
/// a normal run under a name of its own; logs one line per run and shows which are going on.
/// </summary>
public sealed class ExperimentRunner(IClusterClient client, SpigoLog log, ProgressLine progress, int parallel)
{
    private int _done;
    private int _running;
    private int _total;
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public async Task<IReadOnlyList<RunOutcome>> RunAsync(IReadOnlyList<ExperimentRun> runs, CancellationToken cancellationToken)
    {
        var outcomes = new RunOutcome[runs.Count];
        using var gate = new SemaphoreSlim(parallel);
        _total = runs.Count;
        await Task.WhenAll(runs.Select(async run =>
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                Interlocked.Increment(ref _running);
                Report(run, "setting up");
                outcomes[run.Index] = await RunOne(run, cancellationToken);
            }
            finally
            {
                Interlocked.Decrement(ref _running);
                Interlocked.Increment(ref _done);
                gate.Release();
            }
            progress.Clear();
            log.Info($"experiment: run {run.Index + 1} of {runs.Count} ({Describe(run)}): {Line(outcomes[run.Index])}");
        }));
        progress.Clear();
        return outcomes;
    }

    private async Task<RunOutcome> RunOne(ExperimentRun run, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var runLog = new StringWriter();
        try
        {
            var options = run.Options with { Progress = (elapsed, phase) => Report(run, $"{elapsed.TotalSeconds:0}/{run.Options.Duration.TotalSeconds:0}s, {phase}") };
            var result = await new Simulation(options, run.Plan, TextWriter.Null, TextWriter.Synchronized(runLog), interactive: false).RunOn(client, cancellationToken);
            var architecture = result.Architecture!;
            var error = architecture.Missing.Count > 0 ? $"{architecture.Missing.Count} nanoservices never said Goodbye (e.g. {architecture.Missing[0]})" : null;
            return new RunOutcome(run, architecture, clock.Elapsed.TotalSeconds, error);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is not OutOfMemoryException)
        {
            return new RunOutcome(run, null, clock.Elapsed.TotalSeconds, $"{e.GetType().Name}: {Spigo.CommandLine.OneLine.Of(e.Message)}");
        }
    }

    /// <summary>The progress line: the run that spoke last, where it is (its phase), and how many are done and going on.</summary>
    private void Report(ExperimentRun run, string where) =>
        progress.Report($"experiment: run {run.Index + 1} of {_total} ({Describe(run)}): {where}; {Volatile.Read(ref _done)} done, {Volatile.Read(ref _running)} running, {_clock.Elapsed.TotalSeconds:0}s", force: true);

    public static string Describe(ExperimentRun run) =>
        $"{run.Arm}, seed {run.Seed}{(run.Point.Count > 0 ? ", " + run.PointName : "")}";

    private static string Line(RunOutcome outcome)
    {
        if (outcome.Result is not { } a) return $"failed: {outcome.Error}";
        var answered = a.Requests > 0 ? (double)a.Completed / a.Requests : 0;
        return $"{a.Requests} requests, {answered * 100:0.0}% answered, p99 {Figure.P99.Format(a.P99Seconds)}, {outcome.Seconds:0.0}s" +
            (outcome.Stopped is { } why ? $"; {(a.Aborted is not null ? "ABORTED" : "FAILED")}: {why}" : "");
    }
}
