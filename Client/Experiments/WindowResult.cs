namespace Spigo.Client.Experiments;

/// <summary>
/// A check in one span of seconds: the figure over the seeds of each arm, whether the experiment arm's mean meets the
/// bound, and, with a control arm, the p-value of the two arms' per-second figures differing (Mann–Whitney).
/// </summary>
public sealed record WindowResult(string Phase, int From, int To, Estimate? Experiment, Estimate? Control, bool Holds, double? PValue)
{
    /// <summary>The significance level at which two arms count as different.</summary>
    public const double Alpha = 0.05;

    public bool? Significant => PValue is { } p ? p < Alpha : null;
}
