namespace Spigo.Client.Cli;

/// <summary>The settings of one run, after the command line has been parsed and checked.</summary>
public sealed record SpigoOptions
{
    public string Arch { get; init; } = "netflixoss";
    public int Population { get; init; } = 100;
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);
    public int Regions { get; init; } = 1;
    public bool GraphMl { get; init; }
    public bool GraphJson { get; init; }
    public bool MessageLog { get; init; }
    /// <summary>Null: no reload. Otherwise the GraphJSON file to reload.</summary>
    public string? ReloadFile { get; init; }
    public bool Collect { get; init; }
    public int Step { get; init; }
    public TimeSpan EurekaPoll { get; init; } = TimeSpan.FromSeconds(1);
    public string? CpuProfile { get; init; }
    public int Seed { get; init; }
    public bool SeedGiven { get; init; }
    public string OutputDirectory { get; init; } = ".";
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);
    public bool NoChat { get; init; }
    /// <summary>Time between the Denominator's requests; zero means as fast as possible.</summary>
    public TimeSpan RequestInterval { get; init; } = TimeSpan.FromMilliseconds(10);
    /// <summary>Read every acknowledged Put back from every zone at the end of the run.</summary>
    public bool Verify { get; init; }
    /// <summary>-c: the 127.0.0.1 port for Prometheus' /metrics (0: any free port).</summary>
    public int MetricsPort { get; init; } = 8123;
    /// <summary>-c: an OTLP/HTTP endpoint to send the flow spans to as well.</summary>
    public Uri? OtlpEndpoint { get; init; }
    /// <summary>--cluster/--gateway: the cluster to run on; null runs on the embedded silo.</summary>
    public Hosting.ClusterTarget? Cluster { get; init; }
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(15);
    /// <summary>fsm: set up through Asgard in the silos even on the embedded silo (always so on a remote cluster).</summary>
    public bool Relay { get; init; }
    /// <summary>The command line as typed, recorded in the GraphJSON header.</summary>
    public string CommandLine { get; init; } = "spigo";

    /// <summary>--resilience: policies by service and dependency ("*": every dependency), over the file's "resilience".</summary>
    public IReadOnlyList<(string Service, string Dependency, Gotocol.ResiliencePolicy Policy)> Resilience { get; init; } = [];

    /// <summary>--service-time: a service's time over each request, by service name (over the file's "latency").</summary>
    public IReadOnlyDictionary<string, Gotocol.ServiceTime> ServiceTimes { get; init; } = new Dictionary<string, Gotocol.ServiceTime>();

    /// <summary>--capacity: what one instance of a service serves at once, by service name (over the file's "capacity").</summary>
    public IReadOnlyDictionary<string, Gotocol.Capacity> Capacities { get; init; } = new Dictionary<string, Gotocol.Capacity>();

    /// <summary>--autoscale: a target-tracking policy by service name (over the file's "autoscale").</summary>
    public IReadOnlyDictionary<string, Architectures.ScalingPolicy> Autoscales { get; init; } = new Dictionary<string, Architectures.ScalingPolicy>();

    /// <summary>--load: the offered rate over time, open loop; null: the file's "load", else --rate's fixed interval.</summary>
    public Architectures.LoadSchedule? Load { get; init; }

    /// <summary>--in-flight: under a load, requests in flight beyond which arrivals are not sent.</summary>
    public int InFlightCap { get; init; } = 100_000;

    /// <summary>--min-answered: the share of requests that must be answered for the run to count as served (exit 0).</summary>
    public double MinAnswered { get; init; } = 0.05;

    /// <summary>--arrivals: Poisson (the default) or evenly spaced arrivals under a load.</summary>
    public bool PoissonArrivals { get; init; } = true;

    /// <summary>--network: the delay of each hop by distance; null: hops take no time.</summary>
    public Gotocol.NetworkDelays? Network { get; init; }

    /// <summary>--chaos: faults the Simian Army injects at their times.</summary>
    public IReadOnlyList<Architectures.Fault> Faults { get; init; } = [];

    /// <summary>--ui: serve the live viewer on 127.0.0.1 at this port while the run lasts (0: any free port).</summary>
    public bool Ui { get; init; }
    public int UiPort { get; init; } = 8126;

    /// <summary>An experiment's run: the architecture runs under this name, so that runs sharing a silo share no nanoservice.</summary>
    public string? RunName { get; init; }

    /// <summary>An experiment's run: keep each second's response times (see <see cref="Architectures.ArchitectureSettings.SecondLatencies"/>).</summary>
    public bool SecondLatencies { get; init; }

    /// <summary>An experiment's abort conditions, asked once a second (see <see cref="Architectures.ArchitectureSettings.Abort"/>).</summary>
    public Func<IReadOnlyList<Architectures.SecondOfTraffic>, string?>? Abort { get; init; }

    /// <summary>An experiment's progress: told once a second of traffic how far it is and in which phase.</summary>
    public Action<TimeSpan, string>? Progress { get; init; }

    /// <summary>Whether Edda must record the run: only when an output or the viewer needs it.</summary>
    public bool Records => GraphJson || GraphMl || Ui;

    /// <summary>Whether flow spans are needed: for the -c flow file or an OTLP export.</summary>
    public bool Flows => Collect || OtlpEndpoint is not null;
}
