namespace Spigo.Runs;

/// <summary>
/// One silo's share of the requests a service in one zone sent to a dependency service in one zone (an edge of the
/// service graph, zones as "region.zone"; "" for all of them once added up by service pair): how many went, how many
/// came back failed, and the response time its callers saw (LatencyHistogram's buckets), to be added up over the cluster.
/// </summary>
[GenerateSerializer, Immutable, Alias("spigo.EdgeShare")]
public sealed record EdgeShare(
    [property: Id(0)] string Service,
    [property: Id(1)] string Zone,
    [property: Id(2)] string Dependency,
    [property: Id(3)] string DependencyZone,
    [property: Id(4)] long Requests,
    [property: Id(5)] long Failed,
    [property: Id(6)] long[] ResponseBuckets);
