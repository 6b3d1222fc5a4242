namespace Spigo.Client.Experiments;

/// <summary>A run of an experiment and what it did (null when it failed to run: <see cref="Error"/> says why).</summary>
public sealed record RunOutcome(ExperimentRun Run, Architectures.ArchitectureResult? Result, double Seconds, string? Error = null)
{
    /// <summary>Why the run did not give figures to judge: it failed, or an abort condition stopped it.</summary>
    public string? Stopped => Error ?? Result?.Aborted;
}
