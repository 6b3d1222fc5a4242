namespace Spigo.Gotocol;

/// <summary>Where a message sits in a request's flow: its trace, the span that caused it, and its own span.</summary>
[GenerateSerializer, Immutable, Alias("spigo.TraceContext")]
public readonly record struct TraceContext(
    [property: Id(0)] ulong Trace,
    [property: Id(1)] ulong Parent,
    [property: Id(2)] ulong Span)
{
    public static readonly TraceContext None;

    public bool IsEmpty => Trace == 0;

    /// <summary>A child span of this one, for the next hop of the same request.</summary>
    public TraceContext Child(ulong span) => new(Trace, Span, span);
}
