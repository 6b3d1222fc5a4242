namespace Spigo.Silo;

/// <summary>
/// spigo-silo's <c>SPIGO_*</c> environment variables, bound from configuration (the process's environment by
/// default): a container or a Kubernetes pod sets them where a shell would pass flags. Each is text here and checked
/// by the same rules as its flag, so a bad value is one line naming the variable; a flag given on the command line wins.
/// </summary>
public sealed class SiloEnvironment
{
    public const string Prefix = "SPIGO_";

    [ConfigurationKeyName("CLUSTERING")] public string? Clustering { get; set; }
    [ConfigurationKeyName("REDIS")] public string? Redis { get; set; }
    [ConfigurationKeyName("PRIMARY")] public string? Primary { get; set; }
    [ConfigurationKeyName("SILO_PORT")] public string? SiloPort { get; set; }
    [ConfigurationKeyName("GATEWAY_PORT")] public string? GatewayPort { get; set; }
    [ConfigurationKeyName("HTTP_PORT")] public string? HttpPort { get; set; }
    [ConfigurationKeyName("ADVERTISE")] public string? Advertise { get; set; }
    [ConfigurationKeyName("LISTEN")] public string? Listen { get; set; }
    [ConfigurationKeyName("CLUSTER_ID")] public string? ClusterId { get; set; }
    [ConfigurationKeyName("SERVICE_ID")] public string? ServiceId { get; set; }
    [ConfigurationKeyName("SHUTDOWN_TIMEOUT")] public string? ShutdownTimeout { get; set; }
    [ConfigurationKeyName("START_TIMEOUT")] public string? StartTimeout { get; set; }
    [ConfigurationKeyName("REGIONS")] public string? Regions { get; set; }
    [ConfigurationKeyName("PROBE_TIMEOUT")] public string? ProbeTimeout { get; set; }
    [ConfigurationKeyName("ALLOWED_HOSTS")] public string? AllowedHosts { get; set; }

    /// <summary>The variables of this process.</summary>
    public static SiloEnvironment FromProcess() => From(new ConfigurationBuilder().AddEnvironmentVariables(Prefix).Build());

    /// <summary>The variables in <paramref name="configuration"/>, keyed without the prefix (SILO_PORT for SPIGO_SILO_PORT).</summary>
    public static SiloEnvironment From(IConfiguration configuration) => configuration.Get<SiloEnvironment>() ?? new SiloEnvironment();
}
