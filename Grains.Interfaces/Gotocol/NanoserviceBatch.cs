namespace Spigo.Gotocol;

/// <summary>The messages for one nanoservice, delivered in order by <see cref="INanoservice.Deliver"/>.</summary>
[GenerateSerializer, Immutable, Alias("spigo.NanoserviceBatch")]
public sealed record NanoserviceBatch([property: Id(0)] string Name, [property: Id(1)] GotocolMessage[] Messages);
