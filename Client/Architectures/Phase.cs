namespace Spigo.Client.Architectures;

/// <summary>
/// The traffic of one phase of a run with injected faults (before the first, during each, after the last), counted by
/// when each request was sent: the answered rate, the share that failed or timed out, and p50/p99 of the answered.
/// </summary>
public sealed record Phase(string Name, double StartSeconds, double Seconds, long Sent, long Answered, long Failed, double P50Seconds, double P99Seconds)
{
    public double AnsweredPerSecond => Seconds > 0 ? Answered / Seconds : 0;

    public double ErrorRate => Sent > 0 ? (double)Failed / Sent : 0;
}
