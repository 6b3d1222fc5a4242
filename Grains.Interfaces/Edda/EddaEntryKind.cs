namespace Spigo.Edda;

public enum EddaEntryKind : byte
{
    Node,
    Edge,
    Done,
}
