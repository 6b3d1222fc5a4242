namespace Spigo.Load;

/// <summary>
/// What a load generator did since it was last asked: the requests it sent and the answers it had, each stamped in
/// seconds from when it started (the driver's traffic start, to within a call), the arrivals it could not send because
/// its share of the in-flight cap was reached. A generator that
/// was never started answers <see cref="Lost"/>: the one started under its key went away with its silo.
/// </summary>
[GenerateSerializer, Immutable, Alias("spigo.LoadReport")]
public sealed record LoadReport(
    [property: Id(0)] SentRequest[] Sent,
    [property: Id(1)] AnsweredRequest[] Answered,
    [property: Id(2)] long Capped,
    [property: Id(3)] bool Lost = false)
{
    public static readonly LoadReport Empty = new([], [], 0);
}
