namespace Spigo.Runs;

/// <summary>What one silo of the cluster gathered for a run's -c files: per service figures, the flow spans it kept and the requests along each edge.</summary>
[GenerateSerializer, Immutable, Alias("spigo.TelemetryShare")]
public sealed record TelemetryShare(
    [property: Id(0)] ServiceShare[] Services,
    [property: Id(1)] FlowSpan[] Spans,
    [property: Id(2)] long Dropped,
    [property: Id(3)] EdgeShare[]? Edges = null);
