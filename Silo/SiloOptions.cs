using System.Net;
using Spigo.Grains.Hosting;

namespace Spigo.Silo;

/// <summary>How one spigo-silo process joins its cluster and where it listens, after the flags were checked.</summary>
public sealed record SiloOptions
{
    /// <summary>"localhost" (development membership through a primary silo) or "redis" (a real membership table).</summary>
    public string Clustering { get; init; } = SiloCommand.Localhost;

    /// <summary>StackExchange.Redis configuration string, for redis clustering.</summary>
    public string Redis { get; init; } = "127.0.0.1:6379";

    /// <summary>Localhost clustering: the primary silo's silo endpoint; null when this silo is the primary.</summary>
    public IPEndPoint? Primary { get; init; }

    public int SiloPort { get; init; } = 11111;
    public int GatewayPort { get; init; } = 30000;

    /// <summary>Port of /metrics, /health/live and /health/ready (0: any free port).</summary>
    public int HttpPort { get; init; } = 8124;

    /// <summary>The address silos and clients are told to reach this silo at (a pod IP in Kubernetes).</summary>
    public IPAddress Advertise { get; init; } = IPAddress.Loopback;

    /// <summary>The address the silo, gateway and HTTP endpoints bind to: loopback unless told otherwise.</summary>
    public IPAddress Listen { get; init; } = IPAddress.Loopback;

    public string ClusterId { get; init; } = "spigo";
    public string ServiceId { get; init; } = "spigo";

    /// <summary>-m: log every message this silo's nanoservices receive.</summary>
    public bool MessageLog { get; init; }

    /// <summary>Zone placement and failure detection.</summary>
    public SpigoClusterOptions Cluster { get; init; } = new();

    /// <summary>Host names the HTTP side answers to (DNS rebinding protection); "*" turns the check off.</summary>
    public IReadOnlyList<string> AllowedHosts { get; init; } = Viewer.WebDefenses.LoopbackHosts;

    /// <summary>How long joining the cluster may take before the silo gives up with one line.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a graceful shutdown may take before the process exits anyway.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
