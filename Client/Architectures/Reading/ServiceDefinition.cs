namespace Spigo.Client.Architectures;

/// <summary>
/// One service of an architecture: <see cref="Count"/> instances per region (scaled by -p unless <see cref="Scales"/> is
/// false: spigo's migration keeps MySQL, memcache and EVcache at their counts) of a package, the time it takes over
/// each request (json_arch "latency", or --service-time), if any, and how it protects itself from its dependencies
/// (json_arch "resilience", or --resilience: a policy by dependency, "*" for any), and what one instance serves at
/// once (json_arch "capacity", or --capacity; none: no limit), and the target-tracking policy that adds and removes its
/// instances per zone (json_arch "autoscale", or --autoscale; none: its count stays as planned).
/// </summary>
public sealed record ServiceDefinition(string Name, string Package, int Count, int Regions, IReadOnlyList<string> Dependencies,
    Gotocol.ServiceTime? Latency = null, bool Scales = true, IReadOnlyDictionary<string, Gotocol.ResiliencePolicy>? Resilience = null,
    Gotocol.Capacity? Capacity = null, ScalingPolicy? Autoscale = null);
