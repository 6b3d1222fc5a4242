namespace Spigo.Client.Experiments;

/// <summary>
/// What an experiment found: every check at every sweep point, and the runs that aborted or failed. It holds when
/// every check holds and every run ran its course.
/// </summary>
public sealed record Verdict(IReadOnlyList<CheckResult> Checks, IReadOnlyList<RunOutcome> Outcomes)
{
    public IEnumerable<RunOutcome> Stopped => Outcomes.Where(o => o.Stopped is not null);

    public bool Aborted => Stopped.Any();

    public bool Holds => !Aborted && Checks.All(c => c.Holds);

    /// <summary>The sweep points at which every check holds.</summary>
    public int PointsHolding => Checks.GroupBy(c => ExperimentRun.PointNameOf(c.Point)).Count(g => g.All(c => c.Holds));

    public string Word => Aborted ? "ABORTED" : Holds ? "HOLDS" : "BROKEN";

    /// <summary>Judges each check over the seeds of each arm, point by point.</summary>
    public static Verdict Judge(Experiment experiment, IReadOnlyList<RunOutcome> outcomes)
    {
        var checks = new List<CheckResult>();
        foreach (var point in experiment.Points)
        {
            var here = outcomes.Where(o => o.Result is not null && SamePoint(o.Run.Point, point)).ToList();
            var experimentArm = here.Where(o => o.Run.Arm == ExperimentRun.ExperimentArm).ToList();
            var control = here.Where(o => o.Run.Arm == ExperimentRun.ControlArm).ToList();
            var model = outcomes.First(o => SamePoint(o.Run.Point, point) && o.Run.Arm == ExperimentRun.ExperimentArm).Run;
            var duration = (int)model.Options.Duration.TotalSeconds;
            foreach (var check in experiment.Hypothesis)
            {
                var windows = check.Scope.Windows(model.Phases, duration).Select(w => Window(check, w, experimentArm, control)).ToList();
                checks.Add(new CheckResult(check, point, windows));
            }
        }
        return new Verdict(checks, outcomes);
    }

    private static WindowResult Window(HypothesisCheck check, PhaseWindow window, List<RunOutcome> experiment, List<RunOutcome> control)
    {
        var e = Estimate.Of(Values(check, window, experiment));
        var c = Estimate.Of(Values(check, window, control));
        double? p = null;
        if (control.Count > 0 && !check.Figure.OfService)
        {
            p = MannWhitney.PValue(Samples(check, window, experiment), Samples(check, window, control));
        }
        return new WindowResult(window.Name, window.From, window.To, e, c, e is not null && check.Holds(e.Mean), p);
    }

    /// <summary>The figure of each run (seed) over the window.</summary>
    private static List<double> Values(HypothesisCheck check, PhaseWindow window, List<RunOutcome> runs) =>
        [.. runs.Select(o => check.Figure.OfService
                ? check.Figure.OfWorkers((o.Result!.Workers ?? []).Where(w => w.Service == check.Service))
                : check.Figure.Over(o.Result!.Timeline ?? [], window.From, window.To))
            .Where(v => v is not null).Select(v => v!.Value)];

    /// <summary>The figure in each second of the window, over every run of an arm.</summary>
    private static List<double> Samples(HypothesisCheck check, PhaseWindow window, List<RunOutcome> runs) =>
        [.. runs.SelectMany(o => check.Figure.PerSecond(o.Result!.Timeline ?? [], window.From, window.To))];

    private static bool SamePoint(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var v) && v == kv.Value);
}
