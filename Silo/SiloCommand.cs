using System.CommandLine;
using System.Net;
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

    private readonly Option<string> _clustering = Env(new Option<string>("--clustering")
    { Description = "Membership: localhost (development: several silos on one machine through a primary silo) or redis", HelpName = "localhost|redis" }, "SPIGO_CLUSTERING", Localhost);
    private readonly Option<string> _redis = Env(new Option<string>("--redis")
    { Description = "Redis for the membership table (StackExchange.Redis configuration: host:port[,option=value])", HelpName = "host:port" }, "SPIGO_REDIS", "127.0.0.1:6379");
    private readonly Option<string?> _primary = Env(new Option<string?>("--primary")
    { Description = "localhost clustering: the primary silo's silo endpoint (leave out on the primary itself)", HelpName = "host:port" }, "SPIGO_PRIMARY", null);
    private readonly Option<int> _siloPort = Env(new Option<int>("--silo-port") { Description = "Silo-to-silo port", HelpName = "port" }, "SPIGO_SILO_PORT", 11111);
    private readonly Option<int> _gatewayPort = Env(new Option<int>("--gateway-port") { Description = "Port clients (spigo --gateway/--cluster) connect to", HelpName = "port" }, "SPIGO_GATEWAY_PORT", 30000);
    private readonly Option<int> _httpPort = Env(new Option<int>("--http-port")
    { Description = "Port of /metrics, /health/live and /health/ready (0: any free port)", HelpName = "port" }, "SPIGO_HTTP_PORT", 8124);
    private readonly Option<string> _advertise = Env(new Option<string>("--advertise")
    { Description = "IP address (or host name, resolved at start) other silos and clients reach this silo at, e.g. the pod IP", HelpName = "ip|host" }, "SPIGO_ADVERTISE", "127.0.0.1");
    private readonly Option<string?> _listen = Env(new Option<string?>("--listen")
    { Description = "IP address to bind the silo, gateway and HTTP ports to (default: the advertised address; 0.0.0.0 in containers)", HelpName = "ip" }, "SPIGO_LISTEN", null);
    private readonly Option<string> _clusterId = Env(new Option<string>("--cluster-id") { Description = "Orleans cluster id", HelpName = "id" }, "SPIGO_CLUSTER_ID", "spigo");
    private readonly Option<string> _serviceId = Env(new Option<string>("--service-id") { Description = "Orleans service id", HelpName = "id" }, "SPIGO_SERVICE_ID", "spigo");
    private readonly Option<bool> _messages = new("-m", "--messages") { Description = "Log every message this silo's nanoservices receive" };
    private readonly Option<int> _shutdown = Env(new Option<int>("--shutdown-timeout")
    { Description = "Seconds a graceful shutdown (SIGTERM, Ctrl-C) may take", HelpName = "seconds" }, "SPIGO_SHUTDOWN_TIMEOUT", 30);

    private readonly Option<int> _regions = Env(new Option<int>("--regions")
    { Description = "Regions the runs on this cluster use (spigo -w, 1-6): zones are placed on silos three a region", HelpName = "n" }, "SPIGO_REGIONS", 1);
    private readonly Option<int> _probeTimeoutMs = Env(new Option<int>("--probe-timeout")
    { Description = "Milliseconds a silo waits for a probe; three missed in a row and a silo is voted dead", HelpName = "ms" }, "SPIGO_PROBE_TIMEOUT", 1000);

    public RootCommand Root { get; }

    public SiloCommand()
    {
        Root = new RootCommand(Description)
        {
            _clustering, _redis, _primary, _siloPort, _gatewayPort, _httpPort, _advertise, _listen, _clusterId, _serviceId, _messages, _shutdown, _regions, _probeTimeoutMs,
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
        if (clustering is not (Localhost or RedisClustering)) throw new ArgumentException($"--clustering {clustering}: expected localhost or redis");
        var advertise = Address("--advertise", result.GetValue(_advertise)!);
        var listenText = result.GetValue(_listen);
        IPEndPoint? primary = null;
        if (result.GetValue(_primary) is { Length: > 0 } primaryText)
        {
            if (clustering != Localhost) throw new ArgumentException($"--primary {primaryText}: only used with --clustering localhost");
            if (!IPEndPoint.TryParse(primaryText, out primary) || primary.Port == 0) throw new ArgumentException($"--primary {primaryText}: expected ip:port, e.g. 127.0.0.1:11111");
        }
        var regions = result.GetValue(_regions);
        if (regions is < 1 or > 6) throw new ArgumentException($"--regions {regions}: must be 1 to 6");
        var probe = result.GetValue(_probeTimeoutMs);
        if (probe is < 100 or > 60_000) throw new ArgumentException($"--probe-timeout {probe}: must be 100 to 60000 milliseconds");
        var shutdown = result.GetValue(_shutdown);
        if (shutdown < 1) throw new ArgumentException($"--shutdown-timeout {shutdown}: must be 1 second or more");
        return new SiloOptions
        {
            Clustering = clustering,
            Redis = NotEmpty("--redis", result.GetValue(_redis)!),
            Primary = primary,
            SiloPort = Port("--silo-port", result.GetValue(_siloPort), allowZero: false),
            GatewayPort = Port("--gateway-port", result.GetValue(_gatewayPort), allowZero: false),
            HttpPort = Port("--http-port", result.GetValue(_httpPort), allowZero: true),
            Advertise = advertise,
            Listen = listenText is null ? advertise : Address("--listen", listenText),
            ClusterId = NotEmpty("--cluster-id", result.GetValue(_clusterId)!),
            ServiceId = NotEmpty("--service-id", result.GetValue(_serviceId)!),
            MessageLog = result.GetValue(_messages),
            ShutdownTimeout = TimeSpan.FromSeconds(shutdown),
            Cluster = new SpigoClusterOptions { Regions = regions, ProbeTimeout = TimeSpan.FromMilliseconds(probe) },
        };
    }

    private static Option<T> Env<T>(Option<T> option, string variable, T fallback)
    {
        option.DefaultValueFactory = _ => Environment.GetEnvironmentVariable(variable) is { Length: > 0 } text ? Convert<T>(option.Name, variable, text) : fallback;
        option.Description += $" [env {variable}]";
        return option;
    }

    private static T Convert<T>(string flag, string variable, string text)
    {
        var type = Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T);
        if (type == typeof(string)) return (T)(object)text;
        if (type == typeof(int) && int.TryParse(text, out var number)) return (T)(object)number;
        throw new ArgumentException($"{variable}={text}: not a valid value for {flag}");
    }

    private static int Port(string flag, int port, bool allowZero) =>
        port is >= 1 and <= 65535 || (allowZero && port == 0) ? port : throw new ArgumentException($"{flag} {port}: not a TCP port (1-65535{(allowZero ? ", or 0 for any" : "")})");

    /// <summary>An IP address, or a host name resolved once at start (a compose service's own name, say).</summary>
    private static IPAddress Address(string flag, string text)
    {
        if (IPAddress.TryParse(text, out var address)) return address;
        if (Uri.CheckHostName(text) != UriHostNameType.Dns) throw new ArgumentException($"{flag} {text}: not an IP address or host name");
        try
        {
            var addresses = Dns.GetHostAddresses(text);
            return addresses.FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork) ?? addresses.First();
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or InvalidOperationException)
        {
            throw new ArgumentException($"{flag} {text}: not an IP address, and the host name does not resolve");
        }
    }

    private static string NotEmpty(string flag, string text) =>
        string.IsNullOrWhiteSpace(text) ? throw new ArgumentException($"{flag}: must not be empty") : text;
}
