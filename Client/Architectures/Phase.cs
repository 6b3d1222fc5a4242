namespace Spigo.Client.Architectures;

/// <summary>
/// The traffic of one phase of a run with injected faults (before the first, during each, after the last), counted by
/// when each request was sent: the offered and answered rates, the share that failed or timed out (and how many of
/// them an overloaded instance refused), and p50/p99 of the answered.
/// </summary>
public sealed record Phase(string Name, double StartSeconds, double Seconds, long Sent, long Answered, long Failed, double P50Seconds, double P99Seconds,
    long Overloaded = 0)
{
    public double OfferedPerSecond => Seconds > 0 ? Sent / Seconds : 0;

    public double AnsweredPerSecond => Seconds > 0 ? Answered / Seconds : 0;

    public double ErrorRate => Sent > 0 ? (double)Failed / Sent : 0;
}
