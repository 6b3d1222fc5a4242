using System.Diagnostics;
using Spigo.Architecture;
using Spigo.Client.Architectures;
using Spigo.Client.Fsm;
using Spigo.Client.Hosting;
using Spigo.Client.Metrics;
using Spigo.Client.Output;
using Spigo.CommandLine;
using Spigo.Edda;
using Spigo.Gotocol;
using Spigo.Grains.Hosting;
using Spigo.Grains.Metrics;
using Spigo.Runs;

namespace Spigo.Client.Cli;

/// <summary>One run of spigo: start the silo, drive the architecture, write what Edda recorded, summarise.</summary>
/// <remarks>With <c>endsWithProcess</c> the process exits when this run is over (the spigo command, not a test): the
/// embedded silo is left to die with it, see <see cref="Archaius.EndsWithProcess"/>.</remarks>
public sealed class Simulation(SpigoOptions options, SimulationPlan plan, TextWriter stdout, TextWriter stderr, bool interactive, bool endsWithProcess = false)
{
    private const int ReadPage = 50_000;
    private readonly SpigoLog _log = new(stderr);
    private readonly OutputPlan _outputs = new(options, plan.FileStem(options));

    /// <summary>Whether the drivers take a census of the silos after setup: not on the embedded silo, which is the only one.</summary>
    private bool _census = true;

    /// <summary>Called once every nanoservice has said Goodbye (the embedded silo's log goes quiet then).</summary>
    private Action? Driven { get; set; }

    /// <summary>--ui: where the embedded silo serves the viewer.</summary>
    private Uri? ViewerUrl { get; set; }

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        _outputs.Check();
        if (FreePort.FirstBusy(System.Net.IPAddress.Loopback, [.. options.Collect && options.Cluster is null ? new[] { ("--metrics-port", options.MetricsPort) } : [],
            .. options.Ui ? new[] { ("--ui-port", options.UiPort) } : []]) is { } busy)
        {
            throw new UsageException(busy);
        }
        if (!options.SeedGiven) _log.Info($"spigo: seed {options.Seed} (repeat this run with --seed {options.Seed})");
        if (plan.ReloadedFrom is not null)
        {
            _log.Info($"{options.Arch}: reloading from {plan.ReloadedFrom}: {plan.Architecture?.Nodes.Count ?? plan.Pirates.Count} nodes");
        }

        await using var profiler = options.CpuProfile is null ? null : CpuProfiler.Start(options.CpuProfile, cancellationToken);
        var result = options.Cluster is { } target ? await RunOnCluster(target, cancellationToken) : await RunEmbedded(cancellationToken);
        clock.Stop();
        var held = result.Fsm?.Silos ?? result.Architecture?.Silos ?? [];
        if (options.Cluster is not null && held.Count > 0) _log.Info($"spigo: nanoservices per silo after setup: {Census.Format(held)}");

        var files = result.Files.Count > 0 ? $"; wrote {string.Join(", ", result.Files)}" : "";
        var code = result.Fsm is { } fsm ? ReportPirates(fsm, clock.Elapsed, files) : ReportArchitecture(result.Architecture!, clock.Elapsed, files);
        return Undelivered > 0 ? SpigoApp.RuntimeFailure : code;
    }

    /// <summary>--cluster/--gateway: the run on a remote cluster, abandoned if every gateway goes away.</summary>
    private async Task<SimulationResult> RunOnCluster(ClusterTarget target, CancellationToken cancellationToken)
    {
        await using var cluster = await RemoteCluster.ConnectAsync(target, options.ConnectTimeout, cancellationToken);
        var silos = await Census.SilosAsync(cluster.Client);
        _log.Info($"spigo: connected to {target}: {silos.Count} active silo{(silos.Count == 1 ? "" : "s")} ({string.Join(", ", silos)})");
        if (options.MessageLog) _log.Info("spigo: -m on a cluster: each silo logs the messages it delivers when started with spigo-silo -m");
        if (options.Collect) _log.Info("spigo: -c on a cluster: the files add up every silo's figures; /metrics is each silo's own (see deploy/prometheus.yml)");
        await using var web = options.Ui ? WebSide.Build(cluster.Client, null, options.UiPort) : null;
        if (web is not null)
        {
            await web.StartAsync(cancellationToken);
            ViewerUrl = WebSide.Addresses(web, null, options.UiPort).Viewer;
            _log.Info($"spigo: viewer at {ViewerUrl} while the run lasts (the whole cluster's run)");
        }
        using var run = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, cluster.Lost);
        try
        {
            var result = await RunOn(cluster.Client, run.Token);
            if (web is not null) await web.StopAsync(CancellationToken.None);
            return result;
        }
        catch (Exception e) when (cluster.Lost.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new ClusterUnreachableException($"lost every gateway of the cluster at {target} for {ClusterConnectionWatch.Grace.TotalSeconds:0} s; the run is abandoned, no output written", e);
        }
    }

    /// <summary>The run on a silo inside this process, with /metrics (-c) and the viewer (--ui) beside it.</summary>
    private async Task<SimulationResult> RunEmbedded(CancellationToken cancellationToken)
    {
        await using var silo = await EmbeddedSilo.StartAsync(new Archaius { MessageLog = options.MessageLog, EndsWithProcess = endsWithProcess },
            options.Collect ? options.MetricsPort : null, options.Ui ? options.UiPort : null, cancellationToken);
        if (silo.MetricsUrl is { } url) _log.Info($"spigo: Prometheus metrics at {url} while the run lasts");
        if (silo.ViewerUrl is { } viewer)
        {
            ViewerUrl = viewer;
            _log.Info($"spigo: viewer at {viewer} while the run lasts");
        }
        Driven = silo.Quiet;
        // One silo holds everything: a census would say nothing, and asking 100,000 pirates where they are costs.
        _census = false;
        return await RunOn(silo.Client, cancellationToken);
    }

    private int ReportPirates(FsmResult fsm, TimeSpan elapsed, string files)
    {
        stdout.WriteLine($"spigo: {options.Arch} {(fsm.Missing.Count == 0 ? "complete" : "INCOMPLETE")}: {fsm.Pirates} pirates, " +
            $"{fsm.Delivered} messages delivered in {GoDuration.Format(fsm.SetupTime)}, {fsm.Buddies} edges, " +
            $"{fsm.Goodbyes}/{fsm.Pirates} Goodbyes, gold {fsm.GoldReported}/{fsm.GoldGiven} " +
            (fsm.Lost.Count > 0 ? $"(not checkable: {fsm.Lost.Count} pirates lost with their silo)"
                : fsm.GoldConserved ? "conserved" : "NOT conserved") +
            $"{RunSummary.Silos(fsm.Silos)}, {GoDuration.Format(elapsed)}{files}");
        if (fsm.Missing.Count > 0) return SpigoApp.RuntimeFailure;
        if (fsm.Lost.Count > 0) return SpigoApp.Ok;
        if (!fsm.GoldConserved)
        {
            stderr.WriteLine($"spigo: gold was not conserved: {fsm.GoldGiven} given, {fsm.GoldReported} reported");
            return SpigoApp.RuntimeFailure;
        }
        return SpigoApp.Ok;
    }

    private int ReportArchitecture(ArchitectureResult a, TimeSpan elapsed, string files)
    {
        var unserved = a.Requests >= 10 && a.Completed < a.Requests * options.MinAnswered;
        var status = a.Missing.Count > 0 ? "INCOMPLETE" : unserved ? "FAILED" : "complete";
        stdout.WriteLine(RunSummary.Line(plan.FileStem(options), status, a, elapsed, files));
        foreach (var w in a.Workers ?? []) stdout.WriteLine(RunSummary.Capacity(w));
        foreach (var phase in a.Phases ?? []) stdout.WriteLine(RunSummary.Phase(phase));
        if (a.Missing.Count > 0) return SpigoApp.RuntimeFailure;
        if (unserved)
        {
            stderr.WriteLine($"spigo: the architecture did not serve its traffic: {a.Completed} of {a.Requests} requests answered ({a.Failed} failed, {a.TimedOut} timed out), " +
                $"under --min-answered {options.MinAnswered:0.##%}");
            return SpigoApp.RuntimeFailure;
        }
        if (a.ReadBack is { Skipped: null, Holds: false })
        {
            stderr.WriteLine($"spigo: read-your-writes broken for {a.ReadBack.Violations.Count} keys, e.g. {string.Join(", ", a.ReadBack.Violations.Take(5))}");
            return SpigoApp.RuntimeFailure;
        }
        return SpigoApp.Ok;
    }

    /// <summary>The run itself against any cluster client; tests call this with a TestingHost cluster.</summary>
    public async Task<SimulationResult> RunOn(IClusterClient client, CancellationToken cancellationToken)
    {
        var arch = plan.Architecture?.Definition.Arch ?? options.Arch;
        var edda = options.Records ? await OpenEdda(client, arch) : null;
        var telemetry = options.Flows ? await ClusterTelemetry.OpenAsync(client, arch, flows: true, _log) : null;
        var progress = new ProgressLine(stderr, interactive);
        FsmResult? fsm = null;
        ArchitectureResult? architecture = null;
        long? expected = null;
        if (plan.Architecture is { } architecturePlan)
        {
            architecture = await DriveArchitecture(client, architecturePlan, edda, progress, cancellationToken);
            Driven?.Invoke();
        }
        else
        {
            fsm = await DrivePirates(client, edda, progress, cancellationToken);
            Driven?.Invoke();
            // Nodes, every edge the pirates reported, and one done entry per Goodbye.
            expected = plan.Pirates.Count + fsm.Buddies + fsm.Goodbyes;
        }
        // Every file of the run is written together: all of them appear, or none does.
        var files = new List<(string Path, Action<Stream> Write)>();
        if (edda is not null) files.AddRange(await GraphFiles(arch, edda, expected, cancellationToken));
        if (telemetry is not null) files.AddRange(await TelemetryFiles(arch, telemetry, architecture));
        AtomicFile.WriteAll(files, cancellationToken: cancellationToken);
        return new SimulationResult(fsm, architecture, [.. files.Select(f => f.Path)]);
    }

    /// <summary>Creates the run's Edda and lists it for the viewer, which streams the newest run's record.</summary>
    private async Task<IEdda> OpenEdda(IClusterClient client, string arch)
    {
        var key = await EddaKey(client, $"{arch}-{Guid.NewGuid():N}");
        await client.GetGrain<IEddaIndex>(0).Add(new EddaRun(key, arch, SteadyClock.UtcNow));
        if (ViewerUrl is { } viewer) _log.Info($"spigo: watch this run at {viewer}?run={Uri.EscapeDataString(key)}");
        return client.GetEdda(key);
    }

    private Task<ArchitectureResult> DriveArchitecture(IClusterClient client, ArchitecturePlan architecturePlan, IEdda? edda,
        ProgressLine progress, CancellationToken cancellationToken) =>
        new ArchitectureDriver(client, _log, progress).RunAsync(new ArchitectureSettings
        {
            Plan = architecturePlan,
            Duration = options.Duration,
            EurekaPoll = options.EurekaPoll,
            Network = options.Network,
            Faults = [.. architecturePlan.Definition.Chaos ?? [], .. options.Faults],
            RequestInterval = options.RequestInterval,
            Load = options.Load ?? architecturePlan.Definition.Load,
            Poisson = options.PoissonArrivals,
            InFlightCap = options.InFlightCap,
            Timeout = options.Timeout,
            Seed = options.Seed,
            Edda = edda,
            Verify = options.Verify,
            SecondLatencies = options.SecondLatencies,
            Abort = options.Abort,
            Progress = options.Progress,
            AfterSetup = _census ? () => TakeCensus(client, [.. architecturePlan.Nodes.Select(n => n.Name.Package), Packages.Eureka]) : null,
        }, cancellationToken);

    private Task<FsmResult> DrivePirates(IClusterClient client, IEdda? edda, ProgressLine progress, CancellationToken cancellationToken) =>
        new FsmDriver(client, _log, progress).RunAsync(new FsmSettings
        {
            Arch = options.Arch,
            Pirates = plan.Pirates,
            Edges = plan.Edges,
            Duration = options.Duration,
            Seed = options.Seed,
            Timeout = options.Timeout,
            Edda = edda,
            NoChat = options.NoChat,
            Relay = options.Cluster is not null || options.Relay,
            AfterSetup = _census ? () => TakeCensus(client, [Packages.Pirate]) : null,
        }, cancellationToken);

    /// <summary>-j and -g: the GraphJSON and GraphML files, from what Edda recorded.</summary>
    private async Task<List<(string, Action<Stream>)>> GraphFiles(string arch, IEdda edda, long? expected, CancellationToken cancellationToken)
    {
        var entries = await ReadEdda(edda, expected, cancellationToken);
        var document = new GraphDocument(arch, GraphDocument.CurrentVersion, options.CommandLine, SteadyClock.UtcNow, entries);
        var files = new List<(string, Action<Stream>)>();
        if (options.GraphJson) files.Add((_outputs.PathOf(".json"), s => GraphJsonWriter.Write(document, s)));
        if (options.GraphMl) files.Add((_outputs.PathOf(".graphml"), s => GraphMlWriter.Write(document, s)));
        return files;
    }

    /// <summary>-c's metrics and flow files, and --otlp's spans, from what every process of the cluster gathered.</summary>
    private async Task<List<(string, Action<Stream>)>> TelemetryFiles(string arch, ClusterTelemetry telemetry, ArchitectureResult? result)
    {
        var files = new List<(string, Action<Stream>)>();
        var (measured, spans, dropped, edges) = await telemetry.CloseAsync();
        if (dropped > 0) _log.Info($"flow: kept the first {FlowLog.MaxSpans} request hops, {dropped} more were not recorded");
        if (options.Collect)
        {
            var services = plan.Architecture?.Definition.Services.Select(s => (s.Name, s.Package)) ?? [(Packages.Pirate, Packages.Pirate)];
            files.Add((_outputs.PathOf("_metrics.json"), s => MetricsFileWriter.Write(s, arch, services, measured, result?.Phases,
                SiloTelemetries.Merge(edges, byZone: false), result?.Workers, result?.Scaling, result?.Timeline)));
            files.Add((_outputs.PathOf("_flow.json"), s => ZipkinWriter.Write(s, spans)));
        }
        if (options.OtlpEndpoint is { } endpoint) ExportSpans(spans, endpoint);
        return files;
    }

    private void ExportSpans(IReadOnlyList<Runs.FlowSpan> spans, Uri endpoint)
    {
        var (sent, delivered) = FlowExporter.Export(spans, endpoint);
        if (delivered == sent)
        {
            _log.Info($"spigo: sent {sent} flow spans to {Shown(endpoint)}");
            return;
        }
        Undelivered = sent - delivered;
        _log.Info($"spigo: --otlp {Shown(endpoint)}: {delivered} of {sent} flow spans delivered; the collector did not accept the rest (unreachable, or it answered with an error)");
    }

    /// <summary>A collector's address as logged: without a user name and password it may carry.</summary>
    private static string Shown(Uri endpoint) =>
        endpoint.GetComponents(UriComponents.AbsoluteUri & ~UriComponents.UserInfo, UriFormat.UriEscaped);

    /// <summary>--otlp: spans the collector did not accept; the run then fails.</summary>
    private long Undelivered { get; set; }

    /// <summary>
    /// The key of the run's Edda: on a cluster of several silos, a pair of copies on two of them (the first two in
    /// order), so the record outlives any one silo; on one silo, one Edda.
    /// </summary>
    private static async Task<string> EddaKey(IClusterClient client, string run)
    {
        var silos = (await client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true)).Keys.Order().ToList();
        return silos.Count < 2 ? run : EddaFactory.PairKey(run, silos[0], silos[1]);
    }

    /// <summary>Where the nanoservices live; a census that fails (a silo going away) does not fail the run.</summary>
    private async Task<IReadOnlyList<SiloCount>> TakeCensus(IClusterClient client, string[] packages)
    {
        try
        {
            return await Census.TakeAsync(client, new HashSet<string>(packages, StringComparer.OrdinalIgnoreCase));
        }
        catch (Exception e) when (e is OrleansException or TimeoutException)
        {
            _log.Info($"spigo: no census of the silos: {e.Message}");
            return [];
        }
    }

    /// <summary>
    /// Nanoservices tell Edda one-way; wait until what they reported has landed: the expected count when the driver
    /// knows it, otherwise until the count stops changing (bounded by --timeout).
    /// </summary>
    private async Task<List<EddaEntry>> ReadEdda(IEdda edda, long? expected, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        var count = await edda.Count();
        var still = 0;
        while (deadline.Elapsed < options.Timeout && (expected is { } e ? count < e : still < 3))
        {
            await Task.Delay(expected is null ? 100 : 20, cancellationToken);
            var now = await edda.Count();
            still = now == count ? still + 1 : 0;
            count = now;
        }
        if (expected is { } wanted && count < wanted) _log.Info($"edda: {count} of {wanted} entries arrived within {GoDuration.Format(options.Timeout)}; writing what arrived");
        var entries = new List<EddaEntry>(count);
        for (var from = 0; from < count; from += ReadPage)
        {
            entries.AddRange(await edda.Read(from, ReadPage));
        }
        return entries;
    }
}
