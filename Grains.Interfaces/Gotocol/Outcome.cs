namespace Spigo.Gotocol;

/// <summary>
/// What a GetResponse says of its request: answered (found, stored, or "not found" from storage that has no such key),
/// failed (nobody could serve it: a node gone, no instance, a timeout, an open breaker without fallback), or answered by
/// a fallback instead of the dependency.
/// </summary>
public enum Outcome : byte
{
    Answered,
    Failed,
    Fallback,
}
