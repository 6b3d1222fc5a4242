namespace Spigo.Edda;

/// <summary>One run Edda recorded: its grain key, architecture and start time.</summary>
[GenerateSerializer, Immutable, Alias("spigo.EddaRun")]
public sealed record EddaRun([property: Id(0)] string Key, [property: Id(1)] string Arch, [property: Id(2)] DateTime Started);
