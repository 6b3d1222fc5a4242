using System.CommandLine;
using System.Net;
using Spigo.CommandLine;
using Spigo.Grains.Hosting;

namespace Spigo.Silo;

/// <summary>
/// spigo-silo's flags. Each also reads an environment variable (SPIGO_…), so containers and Kubernetes can pass a
/// pod's IP or the cluster's Redis address without a shell; a flag given on the command line wins.
/// </summary>
public sealed class SiloCommand
{
    public const string Localhost = "localhost";
    public const string RedisClustering = "redis";

    private readonly Option<string> _clustering;
    private readonly Option<string> _redis;
    private readonly Option<string?> _primary;
    private readonly Option<int> _siloPort;
    private readonly Option<int> _gatewayPort;
    private readonly Option<int> _httpPort;
    private readonly Option<string> _advertise;
    private readonly Option<string?> _listen;
    private readonly Option<string> _clusterId;
    private readonly Option<string> _serviceId;
    private readonly Option<bool> _messages;
    private readonly Option<int> _shutdown;
    private readonly Option<int> _startTimeout;
    private readonly Option<int> _regions;
    private readonly Option<int> _probeTimeoutMs;
    private readonly Option<string?> _allowedHosts;

    public RootCommand Root { get; }

    private readonly SiloEnvironment _environment;

    /// <param name="environment">The SPIGO_* variables (default: this process's).</param>
    public SiloCommand(SiloEnvironment? environment = null)
    {
        _environment = environment ?? SiloEnvironment.FromProcess();
        _clustering = Env(new Option<string>("--clustering")
    { Description = "Membership: localhost (development: several silos on one machine through a primary silo) or redis", HelpName = "localhost|redis" }, "SPIGO_CLUSTERING", e => e.Clustering, Localhost);
        _redis = Env(new Option<string>("--redis")
    { Description = "Redis for the membership table (StackExchange.Redis configuration: host:port[,option=value])", HelpName = "host:port" }, "SPIGO_REDIS", e => e.Redis, "127.0.0.1:6379");
        _primary = Env(new Option<string?>("--primary")
    { Description = "localhost clustering: the primary silo's silo endpoint (leave out on the primary itself)", HelpName = "host:port" }, "SPIGO_PRIMARY", e => e.Primary, null);
        _siloPort = Number("--silo-port", "Silo-to-silo port", "port", "SPIGO_SILO_PORT", e => e.SiloPort, 11111, 1, 65535);
        _gatewayPort = Number("--gateway-port", "Port clients (spigo --gateway/--cluster) connect to", "port", "SPIGO_GATEWAY_PORT", e => e.GatewayPort, 30000, 1, 65535);
        _httpPort = Number("--http-port", "Port of /metrics, /health/live and /health/ready (0: any free port)", "port", "SPIGO_HTTP_PORT", e => e.HttpPort, 8124, 0, 65535);
        _advertise = Env(new Option<string>("--advertise")
    { Description = "IP address (or host name, resolved at start) other silos and clients reach this silo at, e.g. the pod IP", HelpName = "ip|host" }, "SPIGO_ADVERTISE", e => e.Advertise, "127.0.0.1");
        _listen = Env(new Option<string?>("--listen")
    { Description = "IP address to bind the silo, gateway and HTTP ports to (default: the advertised address; 0.0.0.0 in containers)", HelpName = "ip" }, "SPIGO_LISTEN", e => e.Listen, null);
        _clusterId = Env(new Option<string>("--cluster-id") { Description = "Orleans cluster id", HelpName = "id" }, "SPIGO_CLUSTER_ID", e => e.ClusterId, "spigo");
        _serviceId = Env(new Option<string>("--service-id") { Description = "Orleans service id", HelpName = "id" }, "SPIGO_SERVICE_ID", e => e.ServiceId, "spigo");
        _messages = new("-m", "--messages") { Description = "Log every message this silo's nanoservices receive" };
        _shutdown = Number("--shutdown-timeout", "Seconds a graceful shutdown (SIGTERM, Ctrl-C) may take", "seconds", "SPIGO_SHUTDOWN_TIMEOUT", e => e.ShutdownTimeout, 30, 1, 3600);
        _startTimeout = Number("--start-timeout",
        "Seconds to join the cluster (reach the primary or Redis) before giving up", "seconds", "SPIGO_START_TIMEOUT", e => e.StartTimeout, 60, 1, 3600);
        _regions = Number("--regions",
        "Regions the runs on this cluster use (spigo -w, 1-6): zones are placed on silos three a region", "n", "SPIGO_REGIONS", e => e.Regions, 1, 1, 6);
        _probeTimeoutMs = Number("--probe-timeout",
        "Milliseconds a silo waits for a probe; three missed in a row and a silo is voted dead", "ms", "SPIGO_PROBE_TIMEOUT", e => e.ProbeTimeout, 1000, 100, 60_000);
        _allowedHosts = Env(new Option<string?>("--allowed-hosts")
    {
        Description = "Host names the HTTP side answers to besides loopback and the advertised address (comma-separated; * for any), e.g. the name Prometheus scrapes",
        HelpName = "host,...",
    }, "SPIGO_ALLOWED_HOSTS", e => e.AllowedHosts, null);
        Root = new RootCommand(Description)
        {
            _clustering, _redis, _primary, _siloPort, _gatewayPort, _httpPort, _advertise, _listen, _clusterId, _serviceId, _messages, _shutdown,
            _startTimeout, _regions, _probeTimeoutMs, _allowedHosts,
        };
    }

    private const string Description = """
        spigo-silo: one Orleans silo hosting spigo's nanoservices, with Prometheus /metrics and health endpoints.

        Examples:
          spigo-silo                                        a one-silo cluster on 127.0.0.1 (silo 11111, gateway 30000, http 8124)
          spigo-silo --silo-port 11112 --gateway-port 30001 --http-port 8125 --primary 127.0.0.1:11111
                                                            a second silo joining the first on this machine
          spigo-silo --clustering redis --redis 127.0.0.1:6379 --silo-port 11112 --gateway-port 30001 --http-port 8125
                                                            a silo with its membership in Redis (start as many as you like)
          spigo -a fsm -p 10000 --gateway 127.0.0.1:30000   run a simulation on that cluster
        """;

    public ParseResult Parse(IReadOnlyList<string> args) => Root.Parse(args);

    /// <summary>Checks the values of a parse without syntax errors; a bad one is an <see cref="ArgumentException"/> naming the flag.</summary>
    public SiloOptions Bind(ParseResult result)
    {
        var clustering = result.GetValue(_clustering)!;
        // How the user gave a value, for the message: the flag, or else the environment variable it fell back to.
        string Given<T>(Option<T> option, string variable, string value) =>
            result.GetResult(option) is { Implicit: false } ? $"{option.Name} {value}" : $"{variable}={value}";
        if (clustering is not (Localhost or RedisClustering)) throw new ArgumentException($"{Given(_clustering, "SPIGO_CLUSTERING", clustering)}: expected localhost or redis");
        var advertiseText = result.GetValue(_advertise)!;
        var advertise = Address(Given(_advertise, "SPIGO_ADVERTISE", advertiseText), advertiseText);
        var listenText = result.GetValue(_listen);
        IPEndPoint? primary = null;
        if (result.GetValue(_primary) is { Length: > 0 } primaryText)
        {
            if (clustering != Localhost) throw new ArgumentException($"{Given(_primary, "SPIGO_PRIMARY", primaryText)}: only used with --clustering localhost");
            if (!IPEndPoint.TryParse(primaryText, out primary) || primary.Port == 0) throw new ArgumentException($"{Given(_primary, "SPIGO_PRIMARY", primaryText)}: expected ip:port, e.g. 127.0.0.1:11111");
        }
        var ports = new[] { ("--silo-port", result.GetValue(_siloPort)), ("--gateway-port", result.GetValue(_gatewayPort)), ("--http-port", result.GetValue(_httpPort)) };
        foreach (var (flag, port) in ports)
        {
            if (ports.FirstOrDefault(p => p.Item2 == port && p.Item2 != 0).Item1 is { } first && first != flag)
            {
                throw new ArgumentException($"{flag} {port}: the same port as {first}; each needs its own");
            }
        }
        var listen = listenText is null ? advertise : Address(Given(_listen, "SPIGO_LISTEN", listenText), listenText);
        return new SiloOptions
        {
            Clustering = clustering,
            Redis = NotEmpty("--redis", result.GetValue(_redis)!),
            Primary = primary,
            SiloPort = result.GetValue(_siloPort),
            GatewayPort = result.GetValue(_gatewayPort),
            HttpPort = result.GetValue(_httpPort),
            Advertise = advertise,
            Listen = listen,
            AllowedHosts = AllowedHosts(result.GetValue(_allowedHosts), advertiseText, advertise, listen),
            StartTimeout = TimeSpan.FromSeconds(result.GetValue(_startTimeout)),
            ClusterId = NotEmpty("--cluster-id", result.GetValue(_clusterId)!),
            ServiceId = NotEmpty("--service-id", result.GetValue(_serviceId)!),
            MessageLog = result.GetValue(_messages),
            ShutdownTimeout = TimeSpan.FromSeconds(result.GetValue(_shutdown)),
            Cluster = new SpigoClusterOptions { Regions = result.GetValue(_regions), ProbeTimeout = TimeSpan.FromMilliseconds(result.GetValue(_probeTimeoutMs)) },
        };
    }

    /// <summary>A text flag that falls back to its environment variable, then to <paramref name="fallback"/>.</summary>
    private Option<T> Env<T>(Option<T> option, string variable, Func<SiloEnvironment, string?> bound, T fallback)
    {
        option.DefaultValueFactory = _ => bound(_environment) is { Length: > 0 } text ? (T)(object)text : fallback;
        option.Description += $" [env {variable}]";
        return option;
    }

    /// <summary>A whole number in a range, from the flag or else its environment variable; a bad one is a parse error naming whichever was given.</summary>
    private Option<int> Number(string name, string description, string helpName, string variable, Func<SiloEnvironment, string?> bound, int fallback, int min, int max)
    {
        var option = new Option<int>(name) { Description = $"{description} [env {variable}]", HelpName = helpName };
        option.CustomParser = r => Checked(r, $"{name} {(r.Tokens.Count > 0 ? r.Tokens[0].Value : "")}", r.Tokens.Count > 0 ? r.Tokens[0].Value : "", min, max);
        option.DefaultValueFactory = r => bound(_environment) is { Length: > 0 } text ? Checked(r, $"{variable}={text}", text, min, max) : fallback;
        return option;
    }

    private static int Checked(System.CommandLine.Parsing.ArgumentResult result, string given, string text, int min, int max)
    {
        if (FlagValue.Number(given, text, min, max, out var value) is { } error) result.AddError(error);
        return value;
    }

    /// <summary>Loopback names, the advertised address as given and as resolved, the listening address, and what --allowed-hosts adds.</summary>
    private static string[] AllowedHosts(string? extra, string advertiseText, IPAddress advertise, IPAddress listen) =>
        [.. Viewer.WebDefenses.LoopbackHosts, advertiseText, HostName(advertise), .. listen.Equals(IPAddress.Any) || listen.Equals(IPAddress.IPv6Any) ? Array.Empty<string>() : [HostName(listen)],
            .. (extra ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    private static string HostName(IPAddress address) => address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();

    /// <summary>An IP address, or a host name resolved once at start (a compose service's own name, say).</summary>
    private static IPAddress Address(string given, string text)
    {
        if (IPAddress.TryParse(text, out var address)) return address;
        if (Uri.CheckHostName(text) != UriHostNameType.Dns) throw new ArgumentException($"{given}: not an IP address or host name");
        return HostAddress.Resolve(text) ?? throw new ArgumentException($"{given}: not an IP address, and the host name does not resolve");
    }

    private static string NotEmpty(string flag, string text) =>
        string.IsNullOrWhiteSpace(text) ? throw new ArgumentException($"{flag}: must not be empty") : text;
}
