namespace Spigo.Runs;

/// <summary>
/// One silo's share of the requests a service sent to one of its dependencies (an edge of the service graph): how
/// many went, how many came back failed, and the response time its callers saw (LatencyHistogram's buckets), to be
/// added up over the cluster.
/// </summary>
[GenerateSerializer, Immutable, Alias("spigo.EdgeShare")]
public sealed record EdgeShare(
    [property: Id(0)] string Service,
    [property: Id(1)] string Dependency,
    [property: Id(2)] long Requests,
    [property: Id(3)] long Failed,
    [property: Id(4)] long[] ResponseBuckets);
