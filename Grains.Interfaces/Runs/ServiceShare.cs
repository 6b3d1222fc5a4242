namespace Spigo.Runs;

/// <summary>
/// One silo's share of a service's -c figures: messages delivered by imposition (indexed by the Imposition code)
/// and the delivery latency histogram's buckets (see LatencyHistogram), to be added up over the cluster; for the
/// viewer, the nanoservices alive, the requests failed and the response time of the requests answered.
/// </summary>
[GenerateSerializer, Immutable, Alias("spigo.ServiceShare")]
public sealed record ServiceShare(
    [property: Id(0)] string Service,
    [property: Id(1)] string Package,
    [property: Id(2)] long[] ByImposition,
    [property: Id(3)] long[] LatencyBuckets,
    [property: Id(4)] long Alive = 0,
    [property: Id(5)] long Failed = 0,
    [property: Id(6)] long[]? ResponseBuckets = null);
