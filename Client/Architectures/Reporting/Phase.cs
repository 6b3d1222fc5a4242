namespace Spigo.Client.Architectures;

/// <summary>
/// The traffic of one phase of a run with injected faults (before the first, during each, after the last), counted by
/// when each request was sent: the offered and answered rates, the share that failed or timed out (and how many of
/// them an overloaded instance refused), and p50/p99 of the answered.
/// </summary>
/// <remarks>
/// For the phase after a fault ends: <see cref="GoodputBefore"/>, the answered rate of the phase before the fault,
/// <see cref="AnsweredShareBefore"/>, the share of the offered requests it answered, and <see cref="RecoveredAfter"/>,
/// how long after the end the share answered came back to 95% of that (a share rather than a rate, so that a load
/// that changes over time does not count as a failure or a recovery) (null: it did not
/// within the run — a failure that outlives its trigger, as a retry storm's does).
/// </remarks>
public sealed record Phase(string Name, double StartSeconds, double Seconds, long Sent, long Answered, long Failed, double P50Seconds, double P99Seconds,
    long Overloaded = 0, double? GoodputBefore = null, double? RecoveredAfter = null, long? Attempts = null, long? Retries = null,
    double? AttemptsBefore = null, double? AnsweredShareBefore = null)
{
    /// <summary>The name of the phase after a fault ends: this, then the fault's name.</summary>
    public const string AfterPrefix = "after ";

    public double OfferedPerSecond => Seconds > 0 ? Sent / Seconds : 0;

    public double AnsweredPerSecond => Seconds > 0 ? Answered / Seconds : 0;

    public double ErrorRate => Sent > 0 ? (double)Failed / Sent : 0;

    /// <summary>The share of the requests offered in the phase that were answered.</summary>
    public double AnsweredShare => Sent > 0 ? (double)Answered / Sent : 0;

    /// <summary>
    /// The retry amplification: requests sent to guarded dependencies (first attempts and retries) per request offered
    /// in the phase; null without resilience policies.
    /// </summary>
    public double? AttemptsPerRequest => Attempts is { } a && Sent > 0 ? (double)a / Sent : null;

    /// <summary>
    /// A metastable failure: after the fault ended the architecture did not come back within the run, and its retries
    /// keep amplifying the load beyond what they did before the fault (<see cref="AttemptsBefore"/>) by a quarter or more
    /// — more than a retry budget of the usual 10–20% allows, so a budget that holds is not taken for a storm.
    /// </summary>
    public bool Metastable => GoodputBefore is not null && RecoveredAfter is null
        && AttemptsPerRequest is { } now && AttemptsBefore is { } before && now >= before * 1.25;
}
