namespace Spigo.Client.Architectures;

/// <summary>
/// The traffic of one phase of a run with injected faults (before the first, during each, after the last), counted by
/// when each request was sent: the offered and answered rates, the share that failed or timed out (and how many of
/// them an overloaded instance refused), and p50/p99 of the answered.
/// </summary>
/// <remarks>
/// For the phase after a fault ends: <see cref="GoodputBefore"/>, the answered rate of the phase before the fault, and
/// <see cref="RecoveredAfter"/>, how long after the end the answered rate came back to 95% of it (null: it did not
/// within the run — a failure that outlives its trigger, as a retry storm's does).
/// </remarks>
public sealed record Phase(string Name, double StartSeconds, double Seconds, long Sent, long Answered, long Failed, double P50Seconds, double P99Seconds,
    long Overloaded = 0, double? GoodputBefore = null, double? RecoveredAfter = null)
{
    /// <summary>The name of the phase after a fault ends: this, then the fault's name.</summary>
    public const string AfterPrefix = "after ";

    public double OfferedPerSecond => Seconds > 0 ? Sent / Seconds : 0;

    public double AnsweredPerSecond => Seconds > 0 ? Answered / Seconds : 0;

    public double ErrorRate => Sent > 0 ? (double)Failed / Sent : 0;
}
