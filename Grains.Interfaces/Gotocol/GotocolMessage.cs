namespace Spigo.Gotocol;

/// <summary>
/// One Gotocol message. Immutable, so Orleans passes it between grains of one silo without copying.
/// <see cref="ReplyTo"/> is whoever should hear back: a grain or a driver-side observer, both
/// <see cref="IGotocolListener"/>, so an answer is sent the same way whoever asked. A GetResponse's
/// <see cref="Outcome"/> says whether it answers the request or reports that it failed. A request with
/// <see cref="NoAnswer"/> is one nobody waits for (a write-behind copy of a Put): it is served, and no answer is sent.
/// </summary>
[GenerateSerializer, Immutable, Alias("spigo.Gotocol")]
public sealed record GotocolMessage(
    [property: Id(0)] Imposition Imposition,
    [property: Id(1)] IGotocolListener? ReplyTo,
    [property: Id(2)] DateTime Sent,
    [property: Id(3)] string Intention,
    [property: Id(4)] TraceContext Trace,
    [property: Id(5)] Outcome Outcome = Outcome.Answered,
    [property: Id(6)] bool NoAnswer = false)
{
    public static GotocolMessage Create(Imposition imposition, IGotocolListener? replyTo, string intention) =>
        new(imposition, replyTo, SteadyClock.UtcNow, intention, TraceContext.None);

    /// <summary>Time from sending to now: the delivery latency spigo's -m log shows.</summary>
    public TimeSpan Latency => SteadyClock.UtcNow - Sent;
}
