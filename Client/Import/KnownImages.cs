namespace Spigo.Client.Import;

/// <summary>
/// What a well-known image is in spigo's terms: a datastore's storage package, a traffic source (a load generator:
/// the Denominator), or telemetry (a tracing or metrics collector: off the request path, left out).
/// </summary>
public static class KnownImages
{
    private static readonly (string Prefix, string Package)[] Datastores =
    [
        ("redis", Architecture.Packages.Cache), ("memcache", Architecture.Packages.Cache), ("valkey", Architecture.Packages.Cache),
        ("cassandra", Architecture.Packages.PriamCassandra), ("scylla", Architecture.Packages.PriamCassandra),
        ("riak", Architecture.Packages.Riak),
        ("mongo", Architecture.Packages.Store), ("mysql", Architecture.Packages.Store), ("mariadb", Architecture.Packages.Store),
        ("postgres", Architecture.Packages.Store), ("cockroach", Architecture.Packages.Store), ("elasticsearch", Architecture.Packages.Store),
        ("spanner", Architecture.Packages.Store), ("dynamodb", Architecture.Packages.Store), ("rabbitmq", Architecture.Packages.Store),
    ];

    private static readonly string[] LoadGenerators = ["loadgenerator", "load-generator", "loadgen", "load-test", "locust", "k6", "user-sim", "vegeta", "wrk"];

    private static readonly string[] Telemetry = ["zipkin", "jaeger", "opentelemetry-collector", "otel-collector", "otelcol", "prometheus", "grafana", "fluentd", "fluent-bit", "datadog-agent"];

    /// <summary>The last path segment of an image without its tag or digest: <c>docker.io/library/redis:alpine</c> → redis.</summary>
    public static string Base(string image)
    {
        var last = image.Split('/')[^1];
        var cut = last.IndexOfAny([':', '@']);
        return (cut >= 0 ? last[..cut] : last).ToLowerInvariant();
    }

    /// <summary>The storage package of a datastore, from its image (or a name ending in <c>-db</c>), or null.</summary>
    public static string? StoragePackage(string name, string image)
    {
        var basename = Base(image);
        return Datastores.FirstOrDefault(d => basename.StartsWith(d.Prefix, StringComparison.Ordinal) || basename.EndsWith("-" + d.Prefix, StringComparison.Ordinal)).Package
            ?? (basename.EndsWith("-db", StringComparison.Ordinal) || name.EndsWith("-db", StringComparison.OrdinalIgnoreCase) ? Architecture.Packages.Store : null);
    }

    public static bool IsLoadGenerator(string name, string image) =>
        LoadGenerators.Any(g => Base(image).Contains(g, StringComparison.Ordinal) || name.Contains(g, StringComparison.OrdinalIgnoreCase));

    public static bool IsTelemetry(string image) => Telemetry.Any(t => Base(image).StartsWith(t, StringComparison.Ordinal));
}
