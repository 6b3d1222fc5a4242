using Spigo.Gotocol;

namespace Spigo.Load;

/// <summary>The answer to a load generator's request: what it said and how long it took to come.</summary>
[GenerateSerializer, Immutable, Alias("spigo.AnsweredRequest")]
public readonly record struct AnsweredRequest(
    [property: Id(0)] ulong Span,
    [property: Id(1)] double Seconds,
    [property: Id(2)] Outcome Outcome,
    [property: Id(3)] string Intention)
{
    /// <summary>
    /// Whether this answers a Put of <paramref name="key"/> as done: not failed, and "key value" for that key (a failed
    /// answer or one for another key is not an acknowledgement); <paramref name="value"/> is what was stored.
    /// </summary>
    public bool Acknowledges(string key, out string value)
    {
        value = string.Empty;
        return Outcome != Outcome.Failed && Gotocol.Intention.TrySplitPair(Intention, out var answered, out value) && answered == key;
    }
}
