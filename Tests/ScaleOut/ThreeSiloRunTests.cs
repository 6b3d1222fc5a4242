using System.Text.Json;
using Spigo.Client.Architectures;
using Spigo.Client.Output;
using Spigo.Gotocol;
using Spigo.Names;
using Spigo.Runs;

namespace Spigo.Tests.ScaleOut;

[Collection(ThreeSiloCollection.Name)]
public class ThreeSiloRunTests(ThreeSiloFixture fixture)
{
    [Fact]
    public async Task FsmRunsOverThreeSilosWithPiratesOnEveryOneAndGoldConserved()
    {
        var dir = TempDir.Create();
        var result = await ThreeSilos.Run(ThreeSilos.Options("fsm", 1000, 2, dir) with { Relay = true }, fixture.Client);

        var fsm = result.Fsm!;
        Assert.Empty(fsm.Missing);
        Assert.Empty(fsm.Lost);
        Assert.Equal(1000, fsm.Goodbyes);
        Assert.True(fsm.GoldConserved, $"gold given {fsm.GoldGiven}, reported {fsm.GoldReported}");
        Assert.Equal(3, fsm.Silos.Count);
        Assert.Equal(1000, fsm.Silos.Sum(s => s.Nanoservices));
        // Hash placement: each of three silos gets about a third; far from empty, far from all.
        Assert.All(fsm.Silos, s => Assert.InRange(s.Nanoservices, 200, 500));

        var graph = GraphJsonReader.Read(Path.Combine(dir, "fsm.json"));
        Assert.Equal(1000, graph.Nodes.Count());
        Assert.Equal(fsm.Buddies, graph.Edges.Count());
        Assert.Equal(1000, graph.Done.Count(d => d.Exit == "normal"));
    }

    /// <summary>The record a run leaves: its nodes, its edges as (source, target), and each node's end.</summary>
    private static (HashSet<string> Nodes, HashSet<(string, string)> Edges, HashSet<(string, string)> Done) Record(string file)
    {
        var graph = GraphJsonReader.Read(file);
        return ([.. graph.Nodes.Select(n => n.Name)], [.. graph.Edges.Select(e => (e.Source!, e.Target!))], [.. graph.Done.Select(d => (d.Name, d.Exit!))]);
    }

    [Theory]
    [InlineData("fsm", 600, "--no-chat")]
    [InlineData("storage", 300, "-w")]
    public async Task AClusterRunRecordsTheSameGraphAsAnEmbeddedRun(string arch, int population, string flag)
    {
        // The same seed on one embedded silo and on three silos: the same nanoservices, edges and ends, whatever the placement.
        var embeddedDir = TempDir.Create();
        string[] extra = flag == "-w" ? ["-w", "2"] : [flag];
        var embedded = await Cli.CliRunner.Run(["-a", arch, "-p", $"{population}", "-d", "1", "-u", "200ms", "--rate", "0", "--seed", "11", "-j", "-o", embeddedDir, .. extra]);
        Assert.True(embedded.ExitCode == 0, embedded.Err);

        var clusterDir = TempDir.Create();
        var options = ThreeSilos.Options(arch, population, 1, clusterDir) with { NoChat = flag == "--no-chat", Regions = flag == "-w" ? 2 : 1, Relay = arch == "fsm" };
        var result = await ThreeSilos.Run(options, fixture.Client);
        Assert.Equal(3, (result.Fsm?.Silos ?? result.Architecture!.Silos).Count);

        var (nodes, edges, done) = Record(Path.Combine(embeddedDir, arch + ".json"));
        var (clusterNodes, clusterEdges, clusterDone) = Record(Path.Combine(clusterDir, arch + ".json"));
        Assert.NotEmpty(edges);
        Assert.Equal(nodes, clusterNodes);
        Assert.Equal(edges, clusterEdges);
        Assert.Equal(done, clusterDone);
    }

    [Fact]
    public async Task NetflixOssOverThreeSilosKeepsReadYourWrites()
    {
        var dir = TempDir.Create();
        var options = ThreeSilos.Options("netflixoss", 100, 3, dir) with { Verify = true };
        var result = await ThreeSilos.Run(options, fixture.Client);

        var a = result.Architecture!;
        Assert.Empty(a.Missing);
        Assert.Empty(a.Lost);
        Assert.True(a.Completed > 100, $"only {a.Completed} requests answered");
        Assert.NotNull(a.ReadBack);
        Assert.Null(a.ReadBack!.Skipped);
        Assert.True(a.ReadBack.Holds, $"read-your-writes broken for {string.Join(", ", a.ReadBack.Violations.Take(5))}");
        Assert.True(a.ReadBack.Keys > 0);
        Assert.Equal(3, a.Silos.Count);
        Assert.All(a.Silos, s => Assert.True(s.Nanoservices > 0, $"{s.Silo} held no nanoservices"));
    }

    [Fact]
    public async Task TheViewersTrafficFiguresAreTheSumOfEverySilosCounters()
    {
        // The viewer's web side listens to spigo's meter, so the silos count (as they do under spigo --ui).
        await using var viewer = await Viewer.ViewerHost.StartAsync(fixture.Client);
        var (arch, file) = await Metrics.UniqueArchitecture.WriteAsync("netflixoss", TempDir.Create());
        var result = await ThreeSilos.Run(ThreeSilos.Options(file, 100, 2, TempDir.Create()), fixture.Client);
        Assert.True(result.Architecture!.Completed > 0);

        var perSilo = (await Task.WhenAll((await SiloTelemetries.FindAsync(fixture.Client)).Select(t => t.Counts(arch)))).ToList();
        Assert.Equal(3, perSilo.Count);
        Assert.True(perSilo.Count(s => s.Any(x => x.ByImposition[(int)Imposition.GetRequest] > 0)) >= 2, "requests were served on at least two silos");
        using var http = new HttpClient();
        using var traffic = JsonDocument.Parse(await http.GetStringAsync(new Uri(viewer.Url, $"api/traffic/{arch}")));
        var services = traffic.RootElement.GetProperty("services").EnumerateArray().ToList();
        Assert.Equal(perSilo.SelectMany(s => s).Select(s => s.Service).Distinct().Order(), services.Select(s => s.GetProperty("service").GetString()!).Order());
        foreach (var s in services)
        {
            var shares = perSilo.SelectMany(x => x).Where(x => x.Service == s.GetProperty("service").GetString()).ToList();
            Assert.Equal(shares.Sum(x => x.ByImposition[(int)Imposition.GetRequest] + x.ByImposition[(int)Imposition.Put]), s.GetProperty("requests").GetInt64());
            Assert.Equal(shares.Sum(x => x.Failed), s.GetProperty("failed").GetInt64());
            Assert.Equal(shares.Sum(x => x.Alive), s.GetProperty("alive").GetInt64());
            var latency = s.GetProperty("latency").EnumerateArray().Select(e => e.GetInt64()).ToList();
            Assert.Equal(shares.Max(x => x.LatencyBuckets.Length), latency.Count);
            Assert.Equal(Enumerable.Range(0, latency.Count).Select(i => shares.Sum(x => i < x.LatencyBuckets.Length ? x.LatencyBuckets[i] : 0)), latency);
        }
        Assert.Contains(services, s => s.GetProperty("latency").EnumerateArray().Sum(e => e.GetInt64()) > 0);
        Assert.Contains(services, s => s.GetProperty("response").EnumerateArray().Sum(e => e.GetInt64()) > 0);

        // Edges: the sum of every silo's counts; and conserved: every request a service received came along an edge
        // from another service, but for the Denominator's, which come from the driver, and Eureka's, which are lookups.
        var edgesPerSilo = (await Task.WhenAll((await SiloTelemetries.FindAsync(fixture.Client)).Select(t => t.Edges(arch)))).SelectMany(e => e).ToList();
        var edges = traffic.RootElement.GetProperty("edges").EnumerateArray().ToList();
        static (string, string, string, string) KeyOf(JsonElement e) => (e.GetProperty("service").GetString()!, e.GetProperty("zone").GetString()!,
            e.GetProperty("dependency").GetString()!, e.GetProperty("dependencyZone").GetString()!);
        Assert.Equal(edgesPerSilo.Select(e => (e.Service, e.Zone, e.Dependency, e.DependencyZone)).Distinct().Order(), edges.Select(KeyOf).Order());
        foreach (var e in edges)
        {
            var shares = edgesPerSilo.Where(x => (x.Service, x.Zone, x.Dependency, x.DependencyZone) == KeyOf(e)).ToList();
            Assert.Equal(shares.Sum(x => x.Requests), e.GetProperty("requests").GetInt64());
            Assert.Equal(shares.Sum(x => x.Failed), e.GetProperty("failed").GetInt64());
        }
        // By service pair: the zones added up, with the response times.
        foreach (var d in traffic.RootElement.GetProperty("dependencies").EnumerateArray())
        {
            var shares = edgesPerSilo.Where(x => x.Service == d.GetProperty("service").GetString() && x.Dependency == d.GetProperty("dependency").GetString()).ToList();
            Assert.NotEmpty(shares);
            Assert.Equal(shares.Sum(x => x.Requests), d.GetProperty("requests").GetInt64());
            Assert.Equal(shares.Sum(x => x.ResponseBuckets.Sum()), d.GetProperty("response").EnumerateArray().Sum(b => b.GetInt64()));
        }
        // By zone: the global Denominator to each region's ELB, which spreads over the three zones; from there on a
        // request stays in its zone (Zuul and Karyon route in their zone while it has instances).
        var byKey = edges.GroupBy(KeyOf).ToDictionary(g => g.Key, g => g.Sum(e => e.GetProperty("requests").GetInt64()));
        Assert.Equal(["*.* us-east-1.*"], byKey.Keys.Where(k => k.Item1 == "www").Select(k => $"{k.Item2} {k.Item4}"));
        Assert.Equal(["us-east-1.zoneA", "us-east-1.zoneB", "us-east-1.zoneC"],
            byKey.Where(kv => kv.Key.Item1 == "www-elb" && kv.Key.Item3 == "wwwproxy" && kv.Value > 0).Select(kv => kv.Key.Item4).Order());
        // (All but the requests of the first moments, while a node may know other zones' instances before its own.)
        foreach (var caller in new[] { "wwwproxy", "homepage", "login" })
        {
            var sent = byKey.Where(kv => kv.Key.Item1 == caller).ToList();
            var inZone = sent.Where(kv => kv.Key.Item2 == kv.Key.Item4).Sum(kv => kv.Value);
            Assert.True(inZone >= 0.99 * sent.Sum(kv => kv.Value), $"{caller}: {inZone} of {sent.Sum(kv => kv.Value)} requests stayed in their zone");
        }
        foreach (var s in services.Where(s => s.GetProperty("package").GetString() is not ("denominator" or "eureka")))
        {
            var into = edges.Where(e => e.GetProperty("dependency").GetString() == s.GetProperty("service").GetString()).Sum(e => e.GetProperty("requests").GetInt64());
            Assert.True(into == s.GetProperty("requests").GetInt64(), $"{s.GetProperty("service").GetString()}: {s.GetProperty("requests").GetInt64()} requests delivered, {into} sent along edges into it");
        }
    }

    [Fact]
    public async Task EachZoneLivesOnItsOwnSiloAndZoneSpanningNodesSpread()
    {
        var (arch, file) = await Metrics.UniqueArchitecture.WriteAsync("netflixoss", TempDir.Create());
        var log = new StringWriter();
        var run = ThreeSilos.Run(ThreeSilos.Options(file, 100, 2, TempDir.Create()), fixture.Client, log);
        bool Started() { lock (log) return log.ToString().Contains($"{arch}: Denominator traffic for", StringComparison.Ordinal); }
        Assert.True(await Eventually.Within(TimeSpan.FromSeconds(30), () => Started() || run.IsCompleted) && Started(), $"traffic did not start within 30 s: {log}");
        var bySilo = await Placement.NanoservicesBySilo(fixture.Cluster, arch);
        var result = await run;
        Assert.Empty(result.Architecture!.Missing);

        var homes = bySilo.SelectMany(kv => kv.Value.Where(n => n.StartsWith(arch + ".", StringComparison.Ordinal)).Select(n => (Name: NanoName.Parse(n), Silo: kv.Key))).ToList();
        Assert.Equal(result.Architecture.Nodes + 3, homes.Count); // every node and the three Eureka registries, once each
        var zones = homes.Where(h => h.Name.Zone != NanoName.Any).GroupBy(h => (h.Name.Region, h.Name.Zone)).ToList();
        Assert.Equal(3, zones.Count);
        // Every nanoservice of a zone on one silo, and the three zones on three different silos.
        Assert.All(zones, z => Assert.Single(z.Select(h => h.Silo).Distinct()));
        Assert.Equal(3, zones.Select(z => z.First().Silo).Distinct().Count());
    }

    [Fact]
    public async Task CapacityALoadScheduleAndTheAutoscalerWorkOverThreeSilos()
    {
        // netflixoss at a quarter: its one Zuul (zone A) keeps homepage's traffic in zone A. Light load, then four times
        // as much: zones B and C are drained to one homepage, zone A gets more, each on its zone's silo.
        var dir = TempDir.Create();
        Assert.True(ScalingPolicy.TryParse("target:50%,min:1,max:6,boot:500ms,cooldown:2s,period:1s", out var policy, out _));
        var options = ThreeSilos.Options("netflixoss", 25, 10, dir) with
        {
            Verify = true,
            ServiceTimes = new Dictionary<string, ServiceTime> { ["homepage"] = ServiceTime.TryParse("exp:20ms", out var time, out _) ? time : default },
            Capacities = new Dictionary<string, Capacity> { ["homepage"] = new Capacity(1, 1000, false) },
            Autoscales = new Dictionary<string, ScalingPolicy> { ["homepage"] = policy },
            Load = LoadSchedule.Parse("60/s@0s,60/s@3s,240/s@4s", "test"),
        };
        var log = new StringWriter();
        var result = await ThreeSilos.Run(options, fixture.Client, log);

        var a = result.Architecture!;
        Assert.Empty(a.Missing);
        Assert.True(a.ReadBack!.Holds, $"read-your-writes broken for {string.Join(", ", a.ReadBack.Violations.Take(5))}");
        // The original's half-time chaos monkey stops a homepage, and what waited in its queue is lost with it: a few
        // dozen when it was one of zone A's, at the peak. Those are the only failures, around half time (5 s).
        Assert.NotNull(a.ChaosVictim);
        var failures = $"{a.Failed} failed ({a.TimedOut} timed out, {a.Overloaded} overloaded), victim {a.ChaosVictim}; sent/answered/failed per second: {string.Join(" ", a.Timeline!.Select(t => $"{t.Sent}/{t.Answered}/{t.Failed}"))}";
        Assert.True(a.Failed <= a.Requests / 50, failures);
        Assert.True(a.Timeline!.Select((t, second) => (t, second)).All(x => x.t.Failed == 0 || x.second is >= 4 and <= 6), failures);
        // The load schedule's requests were offered, generated in the cluster next to the root: 4 s at
        // 60/s, 1 s rising, 5 s at 240/s (Poisson, so roughly), and each second as the schedule says.
        Assert.Contains("netflixoss: load generator of netflixoss.*.*.www.denominator.www0 on silo ", log.ToString(), StringComparison.Ordinal);
        Assert.InRange(a.Requests, 1600 * 0.8, 1600 * 1.2);
        Assert.InRange(a.Timeline!.Take(3).Sum(t => t.Sent), 180 * 0.7, 180 * 1.3);
        Assert.InRange(a.Timeline!.Skip(5).Take(4).Sum(t => t.Sent), 960 * 0.8, 960 * 1.2);
        var actions = a.Scaling!.Actions;
        Assert.Contains(actions, x => x.Change < 0 && x.Zone != "us-east-1.zoneA");
        Assert.Contains(actions, x => x.Change > 0 && x.Zone == "us-east-1.zoneA");

        // Each zone's workers, launched ones included, lived on one silo: the zones' three silos.
        var perSilo = new List<(int Silo, string Zone)>();
        var telemetries = await SiloTelemetries.FindAsync(fixture.Client);
        for (var i = 0; i < telemetries.Count; i++)
        {
            perSilo.AddRange((await telemetries[i].Workers("netflixoss")).Where(w => w.WorkerSeconds > 0).Select(w => (i, w.Zone)));
        }
        var zones = perSilo.GroupBy(p => p.Zone).ToList();
        Assert.Equal(3, zones.Count);
        Assert.All(zones, z => Assert.Single(z.Select(p => p.Silo).Distinct()));
        Assert.Equal(3, zones.Select(z => z.First().Silo).Distinct().Count());
    }
    [Fact]
    public async Task AnExperimentRunsItsArmsConcurrentlyOnACluster()
    {
        // Two runs at once, each under a name of its own, over the three silos: zone B lost for a second in one arm.
        var experiment = Client.Experiments.ExperimentReader.Parse("cluster.yaml", """
            run:
              arch: netflixoss
              population: 25
              duration: 4
              rate: 10ms
              eureka-poll: 200ms
            method:
              chaos: ["gorilla:us-east-1.zoneB@1s+1s"]
            control: true
            hypothesis:
              - figure: answered-share
                at-least: 90%
            """);
        var runs = Client.Experiments.ExperimentPlan.Create(experiment, [], yes: false);
        var log = new StringWriter();
        var progress = new StringWriter();
        var outcomes = await new Client.Experiments.ExperimentRunner(fixture.Client, new Client.Cli.SpigoLog(log), new Client.Cli.ProgressLine(progress, true), 2)
            .RunAsync(runs, CancellationToken.None);
        // On a terminal, the progress line follows each run through its phases.
        Assert.Contains("(experiment, seed 1): setting up;", progress.ToString(), StringComparison.Ordinal);
        Assert.Matches(@"\(experiment, seed 1\): \d/4s, gorilla us-east-1\.zoneB;", progress.ToString());
        Assert.Matches(@"\(control, seed 1\): \d/4s, before;", progress.ToString());
        var verdict = Client.Experiments.Verdict.Judge(experiment, outcomes);
        Assert.True(verdict.Holds, $"{string.Join("; ", verdict.Checks.Select(c => c.Summary))}\n{log}");
        Assert.Equal(["netflixoss-x1", "netflixoss-x2"], outcomes.Select(o => o.Run.Plan.Architecture!.Definition.Arch));
        Assert.All(outcomes, o => Assert.Empty(o.Result!.Missing));
        // The experiment arm lost zone B's nanoservices and had them set up again; the control arm lost nothing.
        Assert.NotEmpty(outcomes[1].Result!.Restored!);
        Assert.Empty(outcomes[0].Result!.Stopped!);
    }
}
