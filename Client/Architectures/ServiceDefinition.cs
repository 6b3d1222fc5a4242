namespace Spigo.Client.Architectures;

/// <summary>
/// One service of an architecture: <see cref="Count"/> instances per region (scaled by -p) of a package, and the time
/// it takes over each request (json_arch "latency", or --service-time), if any, and how it protects itself from its
/// dependencies (json_arch "resilience", or --resilience: a policy by dependency, "*" for any).
/// </summary>
public sealed record ServiceDefinition(string Name, string Package, int Count, int Regions, IReadOnlyList<string> Dependencies,
    Gotocol.ServiceTime? Latency = null, IReadOnlyDictionary<string, Gotocol.ResiliencePolicy>? Resilience = null);
