using Spigo.Client.Architectures;
using Spigo.Client.Cli;
using Spigo.Client.Output;
using Spigo.Gotocol;
using Spigo.Tests.Cluster;

namespace Spigo.Tests.Architectures;

[Collection(ClusterCollection.Name)]
public class ArchitectureRunTests(ClusterFixture fixture)
{
    private async Task<(SimulationResult Result, GraphDocument Graph, SimulationPlan Plan)> Run(string arch, int regions = 1, int step = 0,
        double seconds = 2, bool verify = false, string rate = "5ms")
    {
        var dir = TempDir.Create();
        var options = new SpigoOptions
        {
            Arch = arch,
            Regions = regions,
            Step = step,
            Duration = TimeSpan.FromSeconds(seconds),
            EurekaPoll = TimeSpan.FromMilliseconds(200),
            RequestInterval = GoDurationOf(rate),
            GraphJson = true,
            Verify = verify,
            Seed = 3,
            SeedGiven = true,
            OutputDirectory = dir,
            Timeout = TimeSpan.FromSeconds(30),
        };
        var plan = SimulationPlan.Create(options);
        var errors = new StringWriter();
        var result = await new Simulation(options, plan, new StringWriter(), errors, false).RunOn(fixture.Client, CancellationToken.None);
        var graph = GraphJsonReader.Read(Directory.EnumerateFiles(dir, "*.json").Single());
        return (result, graph, plan);
    }

    private static TimeSpan GoDurationOf(string text) => GoDuration.TryParse(text, out var v) ? v : throw new ArgumentException(text);

    /// <summary>Every declared dependency service of every node appears as at least one edge from that node.</summary>
    private static void AssertEveryDependencyDiscovered(SimulationPlan plan, GraphDocument graph)
    {
        var serviceOf = plan.Architecture!.Nodes.ToDictionary(n => n.FullName, n => n.Name.Service);
        var edges = graph.Edges.Select(e => (e.Source!, serviceOf[e.Target!])).ToHashSet();
        foreach (var node in plan.Architecture.Nodes)
        {
            foreach (var dependency in node.Dependencies)
            {
                if (!plan.Architecture.Nodes.Any(n => n.Name.Service == dependency)) continue;
                Assert.True(edges.Contains((node.FullName, dependency)), $"{node.FullName} never discovered {dependency}");
            }
        }
    }

    [Fact]
    public async Task NetflixOssCarriesTrafficAndEveryAcknowledgedPutReadsBackFromEveryZone()
    {
        var (result, graph, plan) = await Run("netflixoss", seconds: 3, verify: true, rate: "0");
        var a = result.Architecture!;
        Assert.Equal(65, a.Nodes);
        Assert.Equal(65, graph.Nodes.Count());
        Assert.Empty(a.Missing);
        Assert.True(a.Completed > 500, $"only {a.Completed} requests answered");
        Assert.NotNull(a.ReadBack);
        Assert.Null(a.ReadBack!.Skipped);
        Assert.True(a.ReadBack.Keys > 100, $"only {a.ReadBack.Keys} acknowledged keys");
        Assert.Equal(3, a.ReadBack.Zones);
        Assert.Empty(a.ReadBack.Violations);
        Assert.Equal(a.ReadBack.Reads, a.ReadBack.Found);
        AssertEveryDependencyDiscovered(plan, graph);

        // The chaos monkey took one homepage instance away halfway; Edda saw it go, the rest ended normally.
        Assert.StartsWith("netflixoss.us-east-1.zone", a.ChaosVictim);
        Assert.Contains(".homepage.karyon.", a.ChaosVictim);
        var done = graph.Done.ToList();
        Assert.Equal("chaos", done.Single(d => d.Name == a.ChaosVictim).Exit);
        Assert.True(done.Count(d => d.Exit == "normal") == 64,
            "not normal: " + string.Join(", ", done.Where(d => d.Exit != "normal").Select(d => $"{d.Name} {d.Exit}")) + $"; lost {string.Join(", ", a.Lost)}");
    }

    [Fact]
    public async Task TwoRegionsLinkCassandraAcrossRegionsAndReplicateThere()
    {
        var (result, graph, plan) = await Run("netflixoss", regions: 2, seconds: 2, verify: true, rate: "2ms");
        var a = result.Architecture!;
        Assert.Equal(129, a.Nodes);
        Assert.Empty(a.ReadBack!.Violations);
        Assert.Equal(6, a.ReadBack.Zones);
        Assert.Contains(graph.Edges, e => e.Source!.Contains("us-east-1") && e.Source.Contains("priamCassandra") && e.Target!.Contains("us-west-2"));
        AssertEveryDependencyDiscovered(plan, graph);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(7)]
    [InlineData(9)]
    public async Task MigrationStepsRunWithTheOriginalsGraph(int step)
    {
        var (result, graph, plan) = await Run("migration", step: step, seconds: 1, verify: step >= 5);
        var nodes = OriginalMigration.Nodes[step];
        Assert.Equal(nodes, result.Architecture!.Nodes);
        Assert.Equal(nodes, graph.Nodes.Count());
        Assert.Empty(result.Architecture.Missing);
        if (step >= 5) Assert.Empty(result.Architecture.ReadBack!.Violations);
        AssertEveryDependencyDiscovered(plan, graph);
        // The service-level edges are exactly the original's: no turtle → cassTurtle at step 4 (there is none yet), no eureka.
        var serviceOf = graph.Nodes.ToDictionary(n => n.Name, n => n.Name.Split('.')[3]);
        Assert.Equal(OriginalMigration.GraphPairs(step).Order(StringComparer.Ordinal),
            graph.Edges.Select(e => $"{serviceOf[e.Source!]}>{serviceOf[e.Target!]}").Distinct().Order(StringComparer.Ordinal));
        var crossRegion = graph.Edges.Where(e => e.Source!.Contains(".cassTurtle.", StringComparison.Ordinal) && e.Target!.Contains(".cassTurtle.", StringComparison.Ordinal)
            && e.Source.Split('.')[1] != e.Target.Split('.')[1]);
        // Step 7's two regions are not joined; step 9's three are.
        if (step == 7) Assert.Empty(crossRegion);
        if (step == 9) Assert.NotEmpty(crossRegion);
    }

    [Theory]
    [InlineData("json_arch/lamp_arch.json", 23)]
    [InlineData("json_arch/netflix_arch.json", 98)]
    [InlineData("json_arch/test_arch.json", 19)]
    [InlineData("json_arch/storage_arch.json", 6)]
    [InlineData("catalogue/aws_ac_ra_web_arch.json", 25)]
    [InlineData("catalogue/cassandra_arch.json", 32)]
    [InlineData("catalogue/composeV2_arch.json", 16)]
    [InlineData("catalogue/container_arch.json", 22)]
    [InlineData("catalogue/edge_arch.json", 83)]
    [InlineData("catalogue/riak_arch.json", 51)]
    [InlineData("catalogue/simpleV2_arch.json", 10)]
    [InlineData("catalogue/testyaml_arch.json", 9)]
    [InlineData("catalogue/yogi_arch.json", 34)]
    public async Task EveryOriginalArchitectureFileRuns(string file, int nodes)
    {
        var (result, graph, plan) = await Run(CatalogueTests.PathOf(file), seconds: 1);
        Assert.Equal(nodes, result.Architecture!.Nodes);
        Assert.Equal(nodes, graph.Nodes.Count());
        Assert.Empty(result.Architecture.Missing);
        Assert.True(result.Architecture.Completed > 0);
        Assert.Equal(0, result.Architecture.Failed);
        Assert.Equal(result.Architecture.Requests, result.Architecture.Completed + result.Architecture.Failed + result.Architecture.TimedOut);
        AssertEveryDependencyDiscovered(plan, graph);
    }

    [Fact]
    public async Task ServiceTimeAndNetworkDelaysAreRealWaitsTheDriverMeasures()
    {
        // The root holds every request 30 ms before passing it on, and every hop takes at least 2 ms: a request goes
        // through at least five hops to storage and five back, so no answer can come in under 30 + 10 × 2 ms, less the
        // delay line's resolution (a held message is sent within a millisecond of when it is due) for each of the 11.
        var options = NetflixOss(seconds: 3, every: 20) with
        {
            ServiceTimes = new Dictionary<string, ServiceTime> { ["www"] = ServiceTime.TryParse("fixed:30ms", out var t, out _) ? t : default },
            Network = new NetworkDelays(TimeSpan.FromMilliseconds(2), TimeSpan.FromMilliseconds(3), TimeSpan.FromMilliseconds(60)),
        };
        var plan = SimulationPlan.Create(options);
        Assert.Equal("fixed:30ms", plan.Architecture!.Definition.Services.Single(s => s.Name == "www").Latency.ToString());
        var result = (await new Simulation(options, plan, new StringWriter(), new StringWriter(), false).RunOn(fixture.Client, CancellationToken.None)).Architecture!;
        Assert.True(result.Completed > 20, $"{result.Completed} of {result.Requests} answered");
        Assert.Equal(result.Requests, result.Completed + result.Failed + result.TimedOut);
        Assert.True(result.P50Seconds >= 0.039, $"p50 {result.P50Seconds * 1000:0.0} ms");
    }

    [Fact]
    public async Task TheSimianArmyStopsAZoneSlowsAServiceAndTheFiguresComeByPhase()
    {
        var options = NetflixOss(seconds: 4, every: 10) with
        {
            Faults = [Chaos("gorilla:us-east-1.zoneB@1s"), Chaos("latency:www=fixed:100ms@2s+1s")],
            Collect = true,
            MetricsPort = 0,
        };
        var dir = options.OutputDirectory;
        var plan = SimulationPlan.Create(options);
        var result = (await new Simulation(options, plan, new StringWriter(), new StringWriter(), false).RunOn(fixture.Client, CancellationToken.None)).Architecture!;

        // The gorilla stopped exactly zone B: its nodes and its Eureka; everyone else said Goodbye at the end.
        var zoneB = plan.Architecture!.Nodes.Where(n => n.Name.Zone == "zoneB").Select(n => n.FullName)
            .Append("netflixoss.us-east-1.zoneB.eureka.eureka.eureka1").Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(zoneB, result.Stopped);
        Assert.Empty(result.Missing);
        Assert.Equal(plan.Architecture.Nodes.Count + plan.Architecture.Registries.Count - zoneB.Length, result.Goodbyes);

        // Four phases, back to back, that share out every request; the root's 100 ms shows in its phase alone (far
        // enough above what a busy machine adds to a median for a second that the two cannot be confused).
        var phases = result.Phases!;
        Assert.Equal(["before", "gorilla us-east-1.zoneB", "latency www=fixed:100ms", "after latency www=fixed:100ms"], phases.Select(p => p.Name));
        Assert.Equal(result.Requests, phases.Sum(p => p.Sent));
        Assert.All(phases, p => Assert.True(p.Answered > 0, $"{p.Name}: nothing answered"));
        // A held message is sent when it is due to within the delay line's resolution, a millisecond.
        Assert.True(phases[2].P50Seconds >= 0.099, $"p50 {phases[2].P50Seconds * 1000:0.0} ms while www took 100 ms");
        Assert.True(phases[3].P50Seconds < 0.050, $"p50 {phases[3].P50Seconds * 1000:0.0} ms after the latency monkey left");

        // -c's metrics file carries the same phases.
        using var file = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dir, "netflixoss_metrics.json")));
        var written = file.RootElement.GetProperty("phases").EnumerateArray().ToArray();
        Assert.Equal(phases.Select(p => p.Name), written.Select(p => p.GetProperty("phase").GetString()));
        Assert.Equal(phases.Select(p => p.Sent), written.Select(p => p.GetProperty("requests").GetInt64()));
    }

    /// <summary>netflixoss with traffic for <paramref name="seconds"/>, a request every <paramref name="every"/> ms, output to a new directory.</summary>
    internal static SpigoOptions NetflixOss(int seconds, int every) => new()
    {
        Arch = "netflixoss",
        Duration = TimeSpan.FromSeconds(seconds),
        EurekaPoll = TimeSpan.FromMilliseconds(200),
        RequestInterval = TimeSpan.FromMilliseconds(every),
        Seed = 5,
        SeedGiven = true,
        OutputDirectory = TempDir.Create(),
        Timeout = TimeSpan.FromSeconds(30),
    };

    internal static Fault Chaos(string text) => Fault.TryParse(text, out var fault, out var error) ? fault : throw new ArgumentException(error);

    [Fact]
    public async Task AnswersReachTheirOwnRequesterWithManyInFlight()
    {
        // Two drivers talk to the same root at once; each must get back exactly the answers to its own requests.
        var plan = SimulationPlan.Create(new SpigoOptions { Arch = "storage", Population = 100 }).Architecture!;
        var runs = await Task.WhenAll(Enumerable.Range(0, 2).Select(async k =>
        {
            var meter = new TrafficMeter(0, plan.Definition.Arch);
            var listener = new ArchitectureListener(meter);
            var me = fixture.Client.CreateObjectReference<IGotocolListener>(listener);
            return (k, meter, listener, me);
        }));
        // Start the storage architecture without traffic, then drive it by hand from both listeners at once.
        var root = fixture.Client.GetNanoservice(plan.OfService("load").Single().FullName);
        await StartWithoutTraffic(plan);
        await WaitUntilAPutIsAcknowledged(plan, root);
        const int perDriver = 300;
        foreach (var i in Enumerable.Range(0, perDriver))
        {
            foreach (var (k, meter, _, me) in runs)
            {
                var span = ((ulong)(k + 1) << 40) | (uint)i;
                var key = $"k{k}-{i}";
                meter.Begin(span, Imposition.Put, key, "v");
                _ = root.Put(new GotocolMessage(Imposition.Put, me, DateTime.UtcNow, $"{key} v{k}", new TraceContext(span, 0, span)));
            }
        }
        await Eventually.Within(TimeSpan.FromSeconds(10), () => runs.All(r => r.meter.InFlightCount == 0));
        foreach (var (k, meter, _, me) in runs)
        {
            Assert.Equal(0, meter.InFlightCount);
            Assert.Equal(perDriver, meter.Completed);
            Assert.All(meter.Acked, kv => Assert.StartsWith($"k{k}-", kv.Key));
            Assert.All(meter.Acked, kv => Assert.Equal($"v{k}", kv.Value));
            fixture.Client.DeleteObjectReference<IGotocolListener>(me);
        }
        await StopAll(plan);
    }

    /// <summary>The nodes learn their dependencies from Eureka's polls: traffic starts once a probe Put is stored.</summary>
    private async Task WaitUntilAPutIsAcknowledged(ArchitecturePlan plan, INanoservice root)
    {
        var probe = new TrafficMeter(0, plan.Definition.Arch);
        var me = fixture.Client.CreateObjectReference<IGotocolListener>(new ArchitectureListener(probe));
        var span = 1UL << 50;
        var acknowledged = await Eventually.Within(TimeSpan.FromSeconds(15), async () =>
        {
            probe.Begin(span, Imposition.Put, "probe", "v");
            await root.Put(new GotocolMessage(Imposition.Put, me, DateTime.UtcNow, "probe v", new TraceContext(span, 0, span)));
            span++;
            await Eventually.Within(TimeSpan.FromSeconds(5), () => probe.InFlightCount == 0);
            return probe.Acked.Count > 0;
        });
        Assert.True(acknowledged, "no probe Put was acknowledged within 15 s of starting the nodes");
        fixture.Client.DeleteObjectReference<IGotocolListener>(me);
    }

    private async Task StartWithoutTraffic(ArchitecturePlan plan)
    {
        var controller = fixture.Client.CreateObjectReference<IGotocolListener>(new ArchitectureListener(new TrafficMeter(0, plan.Definition.Arch)));
        foreach (var r in plan.Registries)
        {
            var peers = plan.Registries.Where(p => p != r).Select(p => GotocolMessage.Create(Imposition.NameDrop, fixture.Client.GetNanoservice(p), p.ToString()));
            await fixture.Client.GetNanoservice(r).Deliver([GotocolMessage.Create(Imposition.Hello, controller, r.ToString()), .. peers]);
        }
        foreach (var n in plan.Nodes)
        {
            var home = plan.Registries.First(r => r.Region == n.Name.Region || n.Name.Region == "*");
            await fixture.Client.GetNanoservice(n.FullName).Deliver([
                GotocolMessage.Create(Imposition.Hello, controller, n.FullName),
                GotocolMessage.Create(Imposition.Inform, fixture.Client.GetNanoservice(home), "eureka"),
                .. n.Dependencies.Select(d => GotocolMessage.Create(Imposition.NameDrop, null, d)),
                GotocolMessage.Create(Imposition.Chat, controller, "100ms"),
            ]);
        }
    }

    private async Task StopAll(ArchitecturePlan plan)
    {
        foreach (var n in plan.Nodes) await fixture.Client.GetNanoservice(n.FullName).Goodbye(GotocolMessage.Create(Imposition.Goodbye, null, "normal"));
        foreach (var r in plan.Registries) await fixture.Client.GetNanoservice(r).Goodbye(GotocolMessage.Create(Imposition.Goodbye, null, "normal"));
    }
}
