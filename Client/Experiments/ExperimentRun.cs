using Spigo.Client.Cli;

namespace Spigo.Client.Experiments;

/// <summary>
/// One run of an experiment: a sweep point, an arm (<c>control</c> without the method, <c>experiment</c> with it) and
/// a seed, with the options and plan of a normal run and the phases its faults open.
/// </summary>
public sealed record ExperimentRun(int Index, IReadOnlyDictionary<string, string> Point, string Arm, int Seed, SpigoOptions Options,
    SimulationPlan Plan, IReadOnlyList<PhaseWindow> Phases)
{
    public const string ControlArm = "control";
    public const string ExperimentArm = "experiment";

    /// <summary>The sweep point as written in the report: retries=2, timeout=50ms (empty without a sweep).</summary>
    public string PointName => PointNameOf(Point);

    public static string PointNameOf(IReadOnlyDictionary<string, string> point) => string.Join(", ", point.Select(p => $"{p.Key}={p.Value}"));
}
