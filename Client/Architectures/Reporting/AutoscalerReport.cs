namespace Spigo.Client.Architectures;

/// <summary>What the auto-scaler did in a run: its actions in order, and how many instances were still draining when the traffic ended.</summary>
public sealed record AutoscalerReport(IReadOnlyList<ScalingAction> Actions, int StillDraining)
{
    public int Launched => Actions.Where(a => a.Change > 0).Sum(a => a.Change);

    /// <summary>Instances drained and gone (those still draining at the end are not).</summary>
    public int TakenOut => -Actions.Where(a => a.Change < 0).Sum(a => a.Change) - StillDraining;
}
