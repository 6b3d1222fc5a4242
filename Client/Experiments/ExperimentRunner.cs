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

    public async Task<IReadOnlyList<RunOutcome>> RunAsync(IReadOnlyList<ExperimentRun> runs, CancellationToken cancellationToken)
    {
        var outcomes = new RunOutcome[runs.Count];
        using var gate = new SemaphoreSlim(parallel);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(runs.Select(async run =>
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                Interlocked.Increment(ref _running);
                Report(runs.Count, run, clock.Elapsed);
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
            var result = await new Simulation(run.Options, run.Plan, TextWriter.Null, TextWriter.Synchronized(runLog), interactive: false).RunOn(client, cancellationToken);
            var architecture = result.Architecture!;
            var error = architecture.Missing.Count > 0 ? $"{architecture.Missing.Count} nanoservices never said Goodbye (e.g. {architecture.Missing[0]})" : null;
            return new RunOutcome(run, architecture, clock.Elapsed.TotalSeconds, error);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is not OutOfMemoryException)
        {
            return new RunOutcome(run, null, clock.Elapsed.TotalSeconds, $"{e.GetType().Name}: {Spigo.CommandLine.OneLine.Of(e.Message)}");
        }
    }

    private void Report(int total, ExperimentRun run, TimeSpan elapsed) =>
        progress.Report($"experiment: run {run.Index + 1} of {total} ({Describe(run)}), {Volatile.Read(ref _done)} done, {Volatile.Read(ref _running)} running, {elapsed.TotalSeconds:0}s", force: true);

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
