namespace Spigo.Load;

/// <summary>A request a load generator sent, <see cref="At"/> seconds after it started: a Put of Key=Value or a Get of Key.</summary>
[GenerateSerializer, Immutable, Alias("spigo.SentRequest")]
public readonly record struct SentRequest(
    [property: Id(0)] ulong Span,
    [property: Id(1)] double At,
    [property: Id(2)] string Key,
    [property: Id(3)] string? Value)
{
    public bool IsPut => Value is not null;
}
