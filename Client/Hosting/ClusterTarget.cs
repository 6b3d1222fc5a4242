using System.Net;
using Spigo.Client.Cli;

namespace Spigo.Client.Hosting;

/// <summary>
/// An existing cluster for spigo to run on instead of its embedded silo: its Redis membership table
/// (<c>--cluster redis://host:port</c>) or a fixed list of gateways (<c>--gateway host:port,…</c>).
/// </summary>
public sealed record ClusterTarget(string? Redis, IReadOnlyList<IPEndPoint> Gateways, string ClusterId, string ServiceId)
{
    public override string ToString() => Redis is not null ? $"redis://{Redis}" : "gateway " + string.Join(",", Gateways);

    public static ClusterTarget FromRedisUrl(string text, string clusterId, string serviceId)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme != "redis" || uri.Host.Length == 0)
        {
            throw new UsageException($"--cluster {text}: expected redis://host:port (the Redis that holds the cluster's membership)");
        }
        var port = uri.IsDefaultPort || uri.Port < 0 ? 6379 : uri.Port;
        return new ClusterTarget($"{uri.Host}:{port}", [], clusterId, serviceId);
    }

    public static ClusterTarget FromGateways(string text, string clusterId, string serviceId)
    {
        var gateways = new List<IPEndPoint>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            gateways.Add(ParseEndpoint(part) ?? throw new UsageException($"--gateway {text}: \"{part}\" is not host:port (e.g. 127.0.0.1:30000)"));
        }
        if (gateways.Count == 0) throw new UsageException("--gateway: needs at least one host:port");
        return new ClusterTarget(null, gateways, clusterId, serviceId);
    }

    private static IPEndPoint? ParseEndpoint(string text)
    {
        if (IPEndPoint.TryParse(text, out var endpoint) && endpoint.Port > 0) return endpoint;
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text.AsSpan(colon + 1), out var port) || port is < 1 or > 65535) return null;
        return CommandLine.HostAddress.Resolve(text[..colon]) is { } address ? new IPEndPoint(address, port) : null;
    }
}
