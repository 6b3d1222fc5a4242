namespace Spigo.Gotocol;

/// <summary>The twelve Gotocol imposition codes: what the receiver is asked to do with a message.</summary>
public enum Imposition : byte
{
    Hello,
    NameDrop,
    Chat,
    GoldCoin,
    Inform,
    GetRequest,
    GetResponse,
    Put,
    Replicate,
    Forget,
    Delete,
    Goodbye,
}
