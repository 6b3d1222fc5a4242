namespace Spigo.Gotocol;

/// <summary>
/// Where a message sits in a request's flow: its trace, the span that caused it, its own span, and how many hops the
/// request has made so far.
/// </summary>
[GenerateSerializer, Immutable, Alias("spigo.TraceContext")]
public readonly record struct TraceContext(
    [property: Id(0)] ulong Trace,
    [property: Id(1)] ulong Parent,
    [property: Id(2)] ulong Span,
    [property: Id(3)] int Hops = 0)
{
    /// <summary>
    /// The hop budget of a request: the deepest built-in architecture is under ten hops, so a request that has made
    /// this many is going round in circles, whatever an architecture file says, and is failed where it stands.
    /// </summary>
    public const int MaxHops = 32;

    public static readonly TraceContext None;

    public bool IsEmpty => Trace == 0;

    /// <summary>Whether the request may be passed on once more.</summary>
    public bool HasHopsLeft => Hops < MaxHops;

    /// <summary>A child span of this one, for the next hop of the same request.</summary>
    public TraceContext Child(ulong span) => new(Trace, Span, span, Hops + 1);
}
