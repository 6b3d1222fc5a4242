namespace Spigo.Runs;

/// <summary>What a partition cost on one silo: messages lost, and how many of them were copies of writes delivered at the heal.</summary>
[GenerateSerializer, Immutable]
public readonly record struct PartitionHealed([property: Id(0)] long Lost, [property: Id(1)] long Handed);
