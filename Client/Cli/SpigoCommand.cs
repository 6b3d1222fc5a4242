using System.CommandLine;

namespace Spigo.Client.Cli;

/// <summary>spigo's flags, with the original's letters and defaults, long forms, and checks on their values.</summary>
public sealed class SpigoCommand
{
    private readonly Option<string> _arch = new("-a", "--arch")
    { Description = "Architecture: fsm, lamp, migration, netflix, netflixoss, storage, or a json_arch file", DefaultValueFactory = _ => "netflixoss", HelpName = "name|file" };
    private readonly Option<int> _population = Flag.Number("-p", "--population",
        "Pirate population for fsm, or scale factor % for the other architectures", 100, 0, int.MaxValue, "n");
    private readonly Option<int> _duration = Flag.Number("-d", "--duration",
        "Simulation duration in seconds, up to 30 days (0: set up, then shut down at once)", 10, 0, MaxDurationSeconds, "seconds");
    private readonly Option<int> _regions = Flag.Number("-w", "--regions", "Wide area regions, 1 to 6", 1, 1, 6, "n");
    private readonly Option<bool> _graphMl = new("-g", "--graphml") { Description = "Write GraphML of nodes and edges to <arch>.graphml" };
    private readonly Option<bool> _graphJson = new("-j", "--graphjson") { Description = "Write GraphJSON of nodes, edges and done events to <arch>.json" };
    private readonly Option<bool> _messages = new("-m", "--messages") { Description = "Log every delivered message: <name>: gotocol: <latency> <Imposition> <Intention>" };
    private readonly Option<string?> _reload = new("-r", "--reload")
    { Description = "Reload the architecture from <arch>.json in the output directory, or from the file given, and run it", Arity = ArgumentArity.ZeroOrOne, HelpName = "file" };
    private readonly Option<bool> _collect = new("-c", "--collect") { Description = "Collect metrics (Prometheus /metrics over HTTP, <arch>_metrics.json) and request flows (<arch>_flow.json)" };
    private readonly Option<int> _step = Flag.Number("-s", "--step", "Migration step to stop at, 0 to 9; also suffixes output file names", 0, 0, 9, "step");
    private readonly DurationFlag _eurekaPoll = Flag.Duration("-u", "--eureka-poll",
        "Polling interval for the Eureka name service, 1ms to 1h, e.g. 1s or 500ms", "1s", TimeSpan.FromMilliseconds(1), TimeSpan.FromHours(1));
    private readonly Option<string?> _cpuProfile = new("-cpuprofile", "--cpuprofile")
    { Description = "Write a CPU profile (EventPipe .nettrace; open with PerfView or convert with dotnet-trace) to this file", HelpName = "file" };
    private readonly Option<int> _seed = Flag.Number("--seed", null,
        "Seed for every random choice, so a run can be repeated; any 32-bit number, e.g. --seed 42 or --seed -5 [default: chosen and printed]", null, int.MinValue, int.MaxValue, "n");
    private readonly Option<string> _out = new("-o", "--out")
    { Description = "Directory for output files", DefaultValueFactory = _ => ".", HelpName = "dir" };
    private readonly Option<bool> _noChat = new("--no-chat")
    { Description = "fsm: pirates do not chat, so the graph stays exactly as seeded or reloaded (e.g. to turn a GraphJSON file into GraphML)" };
    private readonly DurationFlag _rate = Flag.Duration("--rate", null,
        "Time between the Denominator's requests (Go duration, up to 1h); 0 sends as fast as possible", "10ms", TimeSpan.Zero, TimeSpan.FromHours(1));
    private readonly Option<string?> _load = new("--load")
    {
        Description = "Offer requests open loop at a rate that may change over time: 200/s, a schedule 100/s@0s,800/s@30s,100/s@60s " +
            "(linear between points), or a CSV file of second,rate rows; over --rate and the file's \"load\"",
        HelpName = "rate|schedule|file.csv",
    };
    private readonly Option<string> _arrivals = new("--arrivals")
    {
        Description = "With --load: poisson (independent arrivals) or fixed (evenly spaced)", DefaultValueFactory = _ => "poisson", HelpName = "poisson|fixed",
    };
    private readonly Option<int> _inFlight = Flag.Number("--in-flight", null,
        "With --load: requests in flight beyond which arrivals are not sent (and counted, and reported)", 100_000, 1, 10_000_000, "n");
    private readonly Option<string> _minAnswered = new("--min-answered")
    {
        Description = "The share of the Denominator's requests that must be answered for the run to count as served (exit 0); " +
            "below it the summary says FAILED and spigo exits 1",
        DefaultValueFactory = _ => "5%", HelpName = "percent",
    };
    private readonly Option<bool> _verify = new("--verify")
    { Description = "At the end, read every acknowledged Put back from each zone of the storage ring and report it" };
    private readonly Option<int> _metricsPort = Flag.Number("--metrics-port", null,
        "With -c: serve Prometheus /metrics on 127.0.0.1 at this port while the run lasts (0: any free port)", 8123, 0, 65535, "port");
    private readonly Option<string?> _otlp = new("--otlp")
    { Description = "Send the flow spans (as -c records them) to this OTLP/HTTP collector, e.g. http://127.0.0.1:4318/v1/traces; spans it does not accept fail the run", HelpName = "url" };
    private readonly DurationFlag _timeout = Flag.Duration("--timeout", null,
        "How long to wait for every nanoservice's Goodbye before reporting the missing ones (100ms to 24h)", "60s", TimeSpan.FromMilliseconds(100), TimeSpan.FromHours(24));

    private readonly Option<string?> _cluster = new("--cluster")
    { Description = "Run on an existing cluster whose membership is in this Redis (silos started with spigo-silo --clustering redis)", HelpName = "redis://host:port" };
    private readonly Option<string?> _gateway = new("--gateway")
    { Description = "Run on an existing cluster through these gateways (spigo-silo's --gateway-port)", HelpName = "host:port,..." };
    private readonly Option<string> _clusterId = new("--cluster-id") { Description = "With --cluster/--gateway: the Orleans cluster id", DefaultValueFactory = _ => "spigo", HelpName = "id" };
    private readonly Option<string> _serviceId = new("--service-id") { Description = "With --cluster/--gateway: the Orleans service id", DefaultValueFactory = _ => "spigo", HelpName = "id" };
    private readonly DurationFlag _connectTimeout = Flag.Duration("--connect-timeout", null,
        "With --cluster/--gateway: give up connecting after this long (100ms to 1h)", "15s", TimeSpan.FromMilliseconds(100), TimeSpan.FromHours(1));

    private readonly Option<string[]> _serviceTime = new("--service-time")
    {
        Description = "A service's time over each request: fixed:2ms, uniform:1ms:3ms, exp:2ms (mean) or lognormal:2ms:0.5 (median, sigma); repeat for more services; over the file's \"latency\"",
        HelpName = "service=time",
    };
    private readonly Option<string[]> _capacity = new("--capacity")
    {
        Description = "What one instance of a service serves at once: workers:4,queue:64 (4 at a time, 64 more wait, the rest are refused as overloaded); " +
            "a worker is held until the answer leaves, or with ,async for the service time only; repeatable; over the file's \"capacity\"",
        HelpName = "service=capacity",
    };
    private readonly Option<string[]> _autoscale = new("--autoscale")
    {
        Description = "Add and remove a service's instances per zone to keep its workers' utilization near a target, e.g. " +
            "homepage=target:60%,min:2,max:30,boot:20s,cooldown:30s (needs a capacity; min and max per zone); repeatable; over the file's \"autoscale\"",
        HelpName = "service=policy",
    };
    private readonly Option<string[]> _resilience = new("--resilience")
    {
        Description = "How a service protects itself from its dependencies (or one of them: SERVICE/DEPENDENCY), e.g. " +
            "subscriber=timeout:50ms,retries:2,backoff:10ms,budget:20%,breaker:5/5s,bulkhead:32,fallback; repeatable; over the file's \"resilience\"",
        HelpName = "service=policy",
    };
    private readonly Option<string?> _network = new("--network")
    {
        Description = "Delay every hop by distance: same zone, other zone, other region (alone: 200us,1ms,60ms)",
        Arity = ArgumentArity.ZeroOrOne, HelpName = "same,zone,region",
    };

    private readonly Option<string[]> _chaos = new("--chaos")
    {
        Description = "Inject a fault at a time into the traffic: monkey:SERVICE@T[+D] (stop an instance), gorilla:REGION.ZONE@T[+D] (stop a zone), kong:REGION@T[+D] (stop a region) — for good, or for D after which they come back, set up again —, latency:SERVICE=TIME@T+D (slow a service for D), errors:SERVICE=RATE@T+D (fail that share of its requests for D), partition:SIDE/SIDE@T[+D] (lose messages between two regions or zones); repeatable; replaces the half-time chaos monkey",
        HelpName = "fault",
    };

    private readonly Option<bool> _ui = new("--ui") { Description = "Serve the live viewer (the graph growing as the run goes) on 127.0.0.1 while the run lasts" };
    private readonly Option<int> _uiPort = Flag.Number("--ui-port", null, "With --ui: the viewer's port (0: any free port)", 8126, 0, 65535, "port");

    public RootCommand Root { get; }

    public SpigoCommand()
    {
        Root = new RootCommand(Description)
        {
            _arch, _population, _duration, _regions, _graphMl, _graphJson, _messages, _reload, _collect, _step,
            _eurekaPoll.Option, _cpuProfile, _seed, _out, _noChat, _rate.Option, _load, _arrivals, _inFlight, _minAnswered, _verify, _metricsPort, _otlp, _timeout.Option,
            _cluster, _gateway, _clusterId, _serviceId, _connectTimeout.Option, _serviceTime, _capacity, _autoscale, _resilience, _network, _chaos, _ui, _uiPort,
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
          spigo -a netflixoss --network --service-time cassandra=exp:2ms -d 30   with hop and service latency
          spigo -a netflixoss -d 30 --chaos gorilla:us-east-1.zoneA@10s   a zone goes down a third of the way in
          spigo -a netflixoss -d 30 --chaos gorilla:us-east-1.zoneA@10s+10s   ... and comes back 10 s later
          spigo -a netflixoss -w 6 -d 120 --ui   watch six regions of NetflixOSS grow at http://127.0.0.1:8126/
          spigo -a fsm -p 100000 --cluster redis://127.0.0.1:6379   the same run over the silos registered in Redis
          spigo -a netflixoss --gateway 127.0.0.1:30000,127.0.0.1:30001   over a cluster reached through its gateways
          spigo experiment experiments/zone-outage.yaml   an experiment: a hypothesis judged over seeds, with a report
                                              (spigo experiment --help)
          spigo import k8s manifests.yaml -o shop.json    your architecture from Kubernetes manifests, Compose or traces
                                              (spigo import --help)
        """;

    public ParseResult Parse(IReadOnlyList<string> args) =>
        Root.Parse(WithNegativeSeed(args), new ParserConfiguration { EnablePosixBundling = false });

    /// <summary>
    /// "--seed -5" as "--seed=-5": the parser takes a token that starts with '-' for a flag, and a seed may be negative.
    /// </summary>
    private static List<string> WithNegativeSeed(IReadOnlyList<string> args)
    {
        var joined = new List<string>(args.Count);
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == "--seed" && i + 1 < args.Count && args[i + 1].Length > 1 && args[i + 1][0] == '-' && args[i + 1].Skip(1).All(char.IsAsciiDigit))
            {
                joined.Add("--seed=" + args[++i]);
            }
            else
            {
                joined.Add(args[i]);
            }
        }
        return joined;
    }

    /// <summary>Runs longer than this could overflow the timers that end them.</summary>
    public const int MaxDurationSeconds = 30 * 24 * 3600;

    /// <summary>Turns a parse without syntax errors into checked options; a bad value is a <see cref="UsageException"/>.</summary>
    public SpigoOptions Bind(ParseResult result, IReadOnlyList<string> args)
    {
        var arch = result.GetValue(_arch)!;
        var outDir = result.GetValue(_out)!;
        var seed = result.GetResult(_seed) is { Implicit: false } ? result.GetValue(_seed) : (int?)null;
        if (result.GetValue(_collect) && result.GetValue(_ui) && result.GetValue(_metricsPort) is var port and not 0 && port == result.GetValue(_uiPort))
        {
            throw new UsageException($"--ui-port {port}: the same port as --metrics-port; each needs its own");
        }
        return new SpigoOptions
        {
            Arch = arch,
            Population = result.GetValue(_population),
            Duration = TimeSpan.FromSeconds(result.GetValue(_duration)),
            Regions = result.GetValue(_regions),
            GraphMl = result.GetValue(_graphMl),
            GraphJson = result.GetValue(_graphJson),
            MessageLog = result.GetValue(_messages),
            ReloadFile = ReloadFile(result, arch, outDir),
            Collect = result.GetValue(_collect),
            Step = result.GetValue(_step),
            EurekaPoll = _eurekaPoll.Value(result),
            CpuProfile = CpuProfile(result),
            Seed = seed ?? Random.Shared.Next(),
            SeedGiven = seed.HasValue,
            OutputDirectory = outDir,
            Timeout = _timeout.Value(result),
            NoChat = result.GetValue(_noChat),
            RequestInterval = _rate.Value(result),
            Verify = result.GetValue(_verify),
            MetricsPort = result.GetValue(_metricsPort),
            OtlpEndpoint = Otlp(result),
            Cluster = Cluster(result),
            Ui = result.GetValue(_ui),
            UiPort = result.GetValue(_uiPort),
            ConnectTimeout = _connectTimeout.Value(result),
            ServiceTimes = ServiceTimes(result),
            Capacities = Capacities(result),
            Autoscales = ByService<Architectures.ScalingPolicy>(result, _autoscale, "--autoscale",
                "service=policy, e.g. homepage=target:60%,min:2,max:30,boot:20s", Architectures.ScalingPolicy.TryParse),
            Load = Load(result),
            PoissonArrivals = Arrivals(result),
            InFlightCap = result.GetValue(_inFlight),
            MinAnswered = MinAnswered(result),
            Resilience = Resilience(result),
            Network = Network(result),
            Faults = Faults(result),
            CommandLine = "[spigo " + string.Join(' ', args) + "]",
        };
    }

    private Architectures.LoadSchedule? Load(ParseResult result)
    {
        if (result.GetValue(_load) is not { } text) return null;
        try
        {
            return Architectures.LoadSchedule.Parse(text, $"--load {text}");
        }
        catch (Architectures.ArchitectureException e)
        {
            throw new UsageException(e.Message);
        }
    }

    private double MinAnswered(ParseResult result) => result.GetValue(_minAnswered) is var text && Gotocol.PlainNumber.TryParseShare(text, signRequired: true, out var share)
        ? share : throw new UsageException($"--min-answered {text}: expected a percentage from 0% to 100%, e.g. 95%");

    private bool Arrivals(ParseResult result) => result.GetValue(_arrivals) switch
    {
        "poisson" => true,
        "fixed" => false,
        var other => throw new UsageException($"--arrivals {other}: expected poisson or fixed"),
    };

    private Dictionary<string, Gotocol.Capacity> Capacities(ParseResult result) =>
        ByService<Gotocol.Capacity>(result, _capacity, "--capacity", "service=capacity, e.g. homepage=workers:4,queue:64", Gotocol.Capacity.TryParse);

    private Dictionary<string, Gotocol.ServiceTime> ServiceTimes(ParseResult result) =>
        ByService<Gotocol.ServiceTime>(result, _serviceTime, "--service-time", "service=time, e.g. cassandra=exp:2ms", Gotocol.ServiceTime.TryParse);

    private delegate bool ValueParser<T>(string text, out T value, out string error);

    /// <summary>A repeatable SERVICE=VALUE flag: each value parsed, each service at most once.</summary>
    private static Dictionary<string, T> ByService<T>(ParseResult result, Option<string[]> option, string flag, string form, ValueParser<T> parse)
    {
        var values = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var text in result.GetValue(option) ?? [])
        {
            var equals = text.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0) throw new UsageException($"{flag} {text}: expected {form}");
            if (!parse(text[(equals + 1)..], out var value, out var error)) throw new UsageException($"{flag} {text}: {error}");
            if (!values.TryAdd(text[..equals], value)) throw new UsageException($"{flag} {text}: {text[..equals]} is given twice");
        }
        return values;
    }

    private List<(string Service, string Dependency, Gotocol.ResiliencePolicy Policy)> Resilience(ParseResult result)
    {
        var policies = new List<(string Service, string Dependency, Gotocol.ResiliencePolicy Policy)>();
        foreach (var text in result.GetValue(_resilience) ?? [])
        {
            var equals = text.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0) throw new UsageException($"--resilience {text}: expected service=policy, e.g. subscriber={Gotocol.ResiliencePolicy.Example}");
            if (!Gotocol.ResiliencePolicy.TryParse(text[(equals + 1)..], out var policy, out var error)) throw new UsageException($"--resilience {text}: {error}");
            var who = text[..equals].Split('/');
            if (who.Length > 2 || who.Any(string.IsNullOrEmpty)) throw new UsageException($"--resilience {text}: expected SERVICE or SERVICE/DEPENDENCY before '='");
            var dependency = who.Length == 2 ? who[1] : Gotocol.ResiliencePolicy.AnyDependency;
            if (policies.Any(p => p.Service == who[0] && p.Dependency == dependency)) throw new UsageException($"--resilience {text}: {text[..equals]} is given twice");
            policies.Add((who[0], dependency, policy));
        }
        return policies;
    }

    private List<Architectures.Fault> Faults(ParseResult result)
    {
        var texts = result.GetValue(_chaos) ?? [];
        if (texts.Length > Architectures.Fault.MaxFaults) throw new UsageException($"--chaos: {texts.Length} faults; a run takes at most {Architectures.Fault.MaxFaults}");
        return [.. texts.Select(text => Architectures.Fault.TryParse(text, out var fault, out var error) ? fault : throw new UsageException($"--chaos {text}: {error}"))];
    }

    private Gotocol.NetworkDelays? Network(ParseResult result)
    {
        if (result.GetResult(_network) is not { Implicit: false }) return null;
        var text = result.GetValue(_network);
        if (string.IsNullOrEmpty(text)) return Gotocol.NetworkDelays.Typical;
        return Gotocol.NetworkDelays.TryParse(text, out var delays, out var error) ? delays : throw new UsageException($"--network {text}: {error}");
    }

    /// <summary>-r alone reloads &lt;arch&gt;.json from the output directory; -r file reloads that file.</summary>
    private string? ReloadFile(ParseResult result, string arch, string outDir)
    {
        if (result.GetResult(_reload) is not { Implicit: false }) return null;
        var given = result.GetValue(_reload);
        if (!string.IsNullOrEmpty(given)) return given;
        if (Names.NanoName.CheckPart(arch, allowAny: false) is { } problem) throw new UsageException($"-a {arch}: -r without a file needs an architecture name, and this one {problem}");
        return Path.Combine(outDir, arch + ".json");
    }

    private string? CpuProfile(ParseResult result) =>
        result.GetValue(_cpuProfile) is { Length: 0 } ? throw new UsageException("-cpuprofile: needs a file name") : result.GetValue(_cpuProfile);

    private Uri? Otlp(ParseResult result) =>
        result.GetValue(_otlp) is not { } text ? null
        : Uri.TryCreate(text, UriKind.Absolute, out var otlp) && otlp.Scheme is "http" or "https" ? otlp
        : throw new UsageException($"--otlp {text}: not an http(s) URL");

    private Hosting.ClusterTarget? Cluster(ParseResult result)
    {
        var clusterId = result.GetValue(_clusterId)!;
        var serviceId = result.GetValue(_serviceId)!;
        return (result.GetValue(_cluster), result.GetValue(_gateway)) switch
        {
            ({ } c, { }) => throw new UsageException($"--cluster {c}: give either --cluster or --gateway, not both"),
            ({ } c, null) => Hosting.ClusterTarget.FromRedisUrl(c, clusterId, serviceId),
            (null, { } g) => Hosting.ClusterTarget.FromGateways(g, clusterId, serviceId),
            _ => null,
        };
    }
}
