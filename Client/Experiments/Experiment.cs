namespace Spigo.Client.Experiments;

/// <summary>
/// An experiment as its file states it: what to run (<see cref="Run"/>: any flag of a normal run), the method the
/// experiment arm adds (<see cref="Method"/>: faults, policies, latencies), the hypothesis to check, when to abort,
/// whether to run a control arm (the same seeds without the method), the seeds, and a sweep over parameters.
/// </summary>
public sealed record Experiment
{
    public required string File { get; init; }
    public required string Text { get; init; }
    public string Title { get; init; } = "";
    public string Description { get; init; } = "";
    public IReadOnlyList<FileFlag> Run { get; init; } = [];
    public IReadOnlyList<FileFlag> Method { get; init; } = [];
    public IReadOnlyList<HypothesisCheck> Hypothesis { get; init; } = [];
    public IReadOnlyList<AbortCondition> Abort { get; init; } = [];
    public bool Control { get; init; }
    public int Seed { get; init; } = 1;
    public int Repeat { get; init; } = 1;
    public IReadOnlyList<SweepParameter> Sweep { get; init; } = [];

    /// <summary>The check whose figure fills the sweep's grid (the first when the file names none).</summary>
    public HypothesisCheck? Grid { get; init; }

    /// <summary>The seeds each arm runs: <see cref="Repeat"/> of them from <see cref="Seed"/>.</summary>
    public IEnumerable<int> Seeds => Enumerable.Range(0, Repeat).Select(i => unchecked(Seed + i));

    /// <summary>Every combination of the sweep's values (one empty combination without a sweep).</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>> Points =>
        Sweep.Aggregate((IEnumerable<Dictionary<string, string>>)[new Dictionary<string, string>(StringComparer.Ordinal)],
            (points, p) => points.SelectMany(point => p.Values.Select(v => new Dictionary<string, string>(point, StringComparer.Ordinal) { [p.Name] = v })))
            .Select(p => (IReadOnlyDictionary<string, string>)p).ToList();

    public IEnumerable<string> Arms => Control ? ["control", "experiment"] : ["experiment"];

    /// <summary>Runs in all: every sweep point, arm and seed.</summary>
    public long Runs => Sweep.Aggregate(1L, (n, p) => n * p.Values.Count) * Arms.Count() * Repeat;
}
