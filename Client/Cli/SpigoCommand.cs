using System.CommandLine;
using System.Globalization;
using Spigo.Gotocol;

namespace Spigo.Client.Cli;

/// <summary>spigo's flags, with the original's letters and defaults, long forms, and checks on their values.</summary>
public sealed class SpigoCommand
{
    private readonly Option<string> _arch = new("-a", "--arch")
    { Description = "Architecture: fsm, lamp, migration, netflix, netflixoss, storage, or a json_arch file", DefaultValueFactory = _ => "netflixoss", HelpName = "name|file" };
    private readonly Option<int> _population = new("-p", "--population")
    { Description = "Pirate population for fsm, or scale factor % for the other architectures", DefaultValueFactory = _ => 100, HelpName = "n" };
    private readonly Option<int> _duration = new("-d", "--duration")
    { Description = "Simulation duration in seconds (0: set up, then shut down at once)", DefaultValueFactory = _ => 10, HelpName = "seconds" };
    private readonly Option<int> _regions = new("-w", "--regions")
    { Description = "Wide area regions, 1 to 6", DefaultValueFactory = _ => 1, HelpName = "n" };
    private readonly Option<bool> _graphMl = new("-g", "--graphml") { Description = "Write GraphML of nodes and edges to <arch>.graphml" };
    private readonly Option<bool> _graphJson = new("-j", "--graphjson") { Description = "Write GraphJSON of nodes, edges and done events to <arch>.json" };
    private readonly Option<bool> _messages = new("-m", "--messages") { Description = "Log every delivered message: <name>: gotocol: <latency> <Imposition> <Intention>" };
    private readonly Option<string?> _reload = new("-r", "--reload")
    { Description = "Reload the architecture from <arch>.json in the output directory, or from the file given, and run it", Arity = ArgumentArity.ZeroOrOne, HelpName = "file" };
    private readonly Option<bool> _collect = new("-c", "--collect") { Description = "Collect metrics (Prometheus /metrics over HTTP, <arch>_metrics.json) and request flows (<arch>_flow.json)" };
    private readonly Option<int> _step = new("-s", "--step")
    { Description = "Migration step to stop at, 0 to 9; also suffixes output file names", DefaultValueFactory = _ => 0, HelpName = "step" };
    private readonly Option<string> _eurekaPoll = new("-u", "--eureka-poll")
    { Description = "Polling interval for the Eureka name service, e.g. 1s or 500ms", DefaultValueFactory = _ => "1s", HelpName = "duration" };
    private readonly Option<string?> _cpuProfile = new("-cpuprofile", "--cpuprofile")
    { Description = "Write a CPU profile (EventPipe .nettrace; open with PerfView or convert with dotnet-trace) to this file", HelpName = "file" };
    private readonly Option<int?> _seed = new("--seed") { Description = "Seed for every random choice, so a run can be repeated (default: chosen and printed)", HelpName = "n" };
    private readonly Option<string> _out = new("-o", "--out")
    { Description = "Directory for output files", DefaultValueFactory = _ => ".", HelpName = "dir" };
    private readonly Option<bool> _noChat = new("--no-chat")
    { Description = "fsm: pirates do not chat, so the graph stays exactly as seeded or reloaded (e.g. to turn a GraphJSON file into GraphML)" };
    private readonly Option<string> _rate = new("--rate")
    { Description = "Time between the Denominator's requests (Go duration); 0 sends as fast as possible", DefaultValueFactory = _ => "10ms", HelpName = "duration" };
    private readonly Option<bool> _verify = new("--verify")
    { Description = "At the end, read every acknowledged Put back from each zone of the storage ring and report it" };
    private readonly Option<int> _metricsPort = new("--metrics-port")
    { Description = "With -c: serve Prometheus /metrics on 127.0.0.1 at this port while the run lasts (0: any free port)", DefaultValueFactory = _ => 8123, HelpName = "port" };
    private readonly Option<string?> _otlp = new("--otlp")
    { Description = "With -c: also send the flow spans to this OTLP/HTTP collector, e.g. http://127.0.0.1:4318/v1/traces", HelpName = "url" };
    private readonly Option<string> _timeout = new("--timeout")
    { Description = "How long to wait for every nanoservice's Goodbye before reporting the missing ones", DefaultValueFactory = _ => "60s", HelpName = "duration" };

    private readonly Option<string?> _cluster = new("--cluster")
    { Description = "Run on an existing cluster whose membership is in this Redis (silos started with spigo-silo --clustering redis)", HelpName = "redis://host:port" };
    private readonly Option<string?> _gateway = new("--gateway")
    { Description = "Run on an existing cluster through these gateways (spigo-silo's --gateway-port)", HelpName = "host:port,..." };
    private readonly Option<string> _clusterId = new("--cluster-id") { Description = "With --cluster/--gateway: the Orleans cluster id", DefaultValueFactory = _ => "spigo", HelpName = "id" };
    private readonly Option<string> _serviceId = new("--service-id") { Description = "With --cluster/--gateway: the Orleans service id", DefaultValueFactory = _ => "spigo", HelpName = "id" };
    private readonly Option<string> _connectTimeout = new("--connect-timeout")
    { Description = "With --cluster/--gateway: give up connecting after this long", DefaultValueFactory = _ => "15s", HelpName = "duration" };

    private readonly Option<bool> _ui = new("--ui") { Description = "Serve the live viewer (the graph growing as the run goes) on 127.0.0.1 while the run lasts" };
    private readonly Option<int> _uiPort = new("--ui-port")
    { Description = "With --ui: the viewer's port (0: any free port)", DefaultValueFactory = _ => 8126, HelpName = "port" };

    public RootCommand Root { get; }

    public SpigoCommand()
    {
        Root = new RootCommand(Description)
        {
            _arch, _population, _duration, _regions, _graphMl, _graphJson, _messages, _reload, _collect, _step,
            _eurekaPoll, _cpuProfile, _seed, _out, _noChat, _rate, _verify, _metricsPort, _otlp, _timeout,
            _cluster, _gateway, _clusterId, _serviceId, _connectTimeout, _ui, _uiPort,
        };
    }

    private const string Description = """
        spigo: simulate protocol interactions of microservice architectures, one Orleans grain per nanoservice.

        Examples:
          spigo -a fsm -p 100 -d 10 -j -g     100 pirates chat for 10 s; write fsm.json and fsm.graphml
          spigo -a fsm -d 0 -p 100000         the pirate benchmark: set up 100,000 pirates, then shut down
          spigo -a fsm -r -d 5                reload ./fsm.json (nodes and edges) and run it for 5 s
          spigo -a fsm -j -o out --seed 42    a repeatable run, output to ./out/fsm.json
          spigo -a fsm -r in.json -g --no-chat -d 0   turn a GraphJSON file into GraphML
          spigo -a netflixoss -w 2 -d 10 -j   NetflixOSS in two regions with Get/Put traffic; netflixoss.json
          spigo -a migration -s 5 -j -g       step 5 of the LAMP to NetflixOSS migration; migration5.json
          spigo -a netflixoss -c -d 60        scrape http://127.0.0.1:8123/metrics while it runs
          spigo -a my_arch.json -p 200 --rate 0 -d 30 --verify   your architecture at 200%, full speed
          spigo -a netflixoss -w 6 -d 120 --ui   watch six regions of NetflixOSS grow at http://127.0.0.1:8126/
          spigo -a fsm -p 100000 --cluster redis://127.0.0.1:6379   the same run over the silos registered in Redis
          spigo -a netflixoss --gateway 127.0.0.1:30000,127.0.0.1:30001   over a cluster reached through its gateways
        """;

    public ParseResult Parse(IReadOnlyList<string> args) =>
        Root.Parse(args, new ParserConfiguration { EnablePosixBundling = false });

    /// <summary>Turns a parse without syntax errors into checked options; a bad value is a <see cref="UsageException"/>.</summary>
    public SpigoOptions Bind(ParseResult result, IReadOnlyList<string> args)
    {
        var arch = result.GetValue(_arch)!;
        var population = result.GetValue(_population);
        var duration = result.GetValue(_duration);
        var regions = result.GetValue(_regions);
        var step = result.GetValue(_step);
        if (population < 0) throw new UsageException($"-p {population}: the population/scale must be 0 or more");
        if (duration < 0) throw new UsageException($"-d {duration}: the duration must be 0 or more seconds");
        if (regions is < 1 or > 6) throw new UsageException($"-w {regions}: regions must be 1 to 6");
        if (step is < 0 or > 9) throw new UsageException($"-s {step}: the migration step must be 0 to 9");
        var poll = ParseDuration("-u", result.GetValue(_eurekaPoll)!);
        if (poll <= TimeSpan.Zero) throw new UsageException($"-u {result.GetValue(_eurekaPoll)}: the polling interval must be more than 0");
        var timeout = ParseDuration("--timeout", result.GetValue(_timeout)!);
        var outDir = result.GetValue(_out)!;
        if (File.Exists(outDir)) throw new UsageException($"-o {outDir}: is a file, not a directory");
        var seed = result.GetValue(_seed);

        string? reload = null;
        if (result.GetResult(_reload) is { } reloadResult && !reloadResult.Implicit)
        {
            var given = result.GetValue(_reload);
            reload = string.IsNullOrEmpty(given) ? Path.Combine(outDir, arch + ".json") : given;
        }
        var metricsPort = result.GetValue(_metricsPort);
        if (metricsPort is < 0 or > 65535) throw new UsageException($"--metrics-port {metricsPort}: not a TCP port");
        Uri? otlp = null;
        if (result.GetValue(_otlp) is { } otlpText && (!Uri.TryCreate(otlpText, UriKind.Absolute, out otlp) || otlp.Scheme is not ("http" or "https")))
        {
            throw new UsageException($"--otlp {otlpText}: not an http(s) URL");
        }
        var clusterId = result.GetValue(_clusterId)!;
        var serviceId = result.GetValue(_serviceId)!;
        Hosting.ClusterTarget? cluster = (result.GetValue(_cluster), result.GetValue(_gateway)) switch
        {
            ({ } c, { }) => throw new UsageException($"--cluster {c}: give either --cluster or --gateway, not both"),
            ({ } c, null) => Hosting.ClusterTarget.FromRedisUrl(c, clusterId, serviceId),
            (null, { } g) => Hosting.ClusterTarget.FromGateways(g, clusterId, serviceId),
            _ => null,
        };
        var uiPort = result.GetValue(_uiPort);
        if (uiPort is < 0 or > 65535) throw new UsageException($"--ui-port {uiPort}: not a TCP port");
        var connectTimeout = ParseDuration("--connect-timeout", result.GetValue(_connectTimeout)!);
        if (connectTimeout <= TimeSpan.Zero) throw new UsageException($"--connect-timeout {result.GetValue(_connectTimeout)}: must be more than 0");
        var cpuProfile = result.GetValue(_cpuProfile);
        if (cpuProfile is { Length: 0 }) throw new UsageException("-cpuprofile: needs a file name");

        return new SpigoOptions
        {
            Arch = arch,
            Population = population,
            Duration = TimeSpan.FromSeconds(duration),
            Regions = regions,
            GraphMl = result.GetValue(_graphMl),
            GraphJson = result.GetValue(_graphJson),
            MessageLog = result.GetValue(_messages),
            ReloadFile = reload,
            Collect = result.GetValue(_collect),
            Step = step,
            EurekaPoll = poll,
            CpuProfile = cpuProfile,
            Seed = seed ?? Random.Shared.Next(),
            SeedGiven = seed.HasValue,
            OutputDirectory = outDir,
            Timeout = timeout,
            NoChat = result.GetValue(_noChat),
            RequestInterval = ParseDuration("--rate", result.GetValue(_rate)!),
            Verify = result.GetValue(_verify),
            MetricsPort = metricsPort,
            OtlpEndpoint = otlp,
            Cluster = cluster,
            Ui = result.GetValue(_ui),
            UiPort = uiPort,
            ConnectTimeout = connectTimeout,
            CommandLine = "[spigo " + string.Join(' ', args) + "]",
        };
    }

    private static TimeSpan ParseDuration(string flag, string text) =>
        GoDuration.TryParse(text, out var value) && value >= TimeSpan.Zero
            ? value
            : throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"{flag} {text}: not a duration (examples: 1s, 500ms, 2m)"));
}
