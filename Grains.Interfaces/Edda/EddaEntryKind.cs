namespace Spigo.Edda;

public enum EddaEntryKind : byte
{
    Node,
    Edge,
    Done,

    /// <summary>Something that happened to the architecture: an injected fault, a breaker that opened or closed.</summary>
    Event,
}
