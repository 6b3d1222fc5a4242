namespace Spigo.Client.Experiments;

/// <summary>One check of the hypothesis at one sweep point, in every span of seconds its scope covers.</summary>
public sealed record CheckResult(HypothesisCheck Check, IReadOnlyDictionary<string, string> Point, IReadOnlyList<WindowResult> Windows)
{
    public bool Holds => Windows.Count > 0 && Windows.All(w => w.Holds);

    /// <summary>The span where the check comes nearest to breaking, or breaks by most (nothing measured counts worst).</summary>
    public WindowResult? Worst => Windows.OrderByDescending(w => w.Experiment is { } e ? Check.Miss(e.Mean) : double.PositiveInfinity).FirstOrDefault();

    /// <summary>One line: the check, and where it holds or breaks and by how much.</summary>
    public string Summary
    {
        get
        {
            var at = Point.Count > 0 ? $" at {ExperimentRun.PointNameOf(Point)}" : "";
            if (Windows.Count == 0) return $"BROKEN  {Check.Name}{at}: nothing to measure {Check.Scope}";
            var worst = Worst!;
            if (worst.Experiment is not { } e) return $"BROKEN  {Check.Name}{at}: nothing measured in {worst.Phase}";
            return Holds
                ? $"holds   {Check.Name}{at}: {e.Format(Check.Figure)} at worst ({worst.Phase})"
                : $"BROKEN  {Check.Name}{at}: {Check.Figure.Name} {e.Format(Check.Figure)} in {worst.Phase}, {(Check.AtLeast ? "under" : "over")} {Check.Figure.Format(Check.Threshold)} by {Check.Figure.Format(Math.Abs(Check.Miss(e.Mean)))}";
        }
    }
}
