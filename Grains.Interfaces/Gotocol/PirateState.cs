namespace Spigo.Gotocol;

/// <summary>What a pirate knows: its buddies, its gold, and who last gave it gold and how much.</summary>
[GenerateSerializer, Immutable, Alias("spigo.PirateState")]
public sealed record PirateState(
    [property: Id(0)] string Name,
    [property: Id(1)] bool Named,
    [property: Id(2)] long Gold,
    [property: Id(3)] string[] Buddies,
    [property: Id(4)] string? Benefactor,
    [property: Id(5)] long LastGift);
