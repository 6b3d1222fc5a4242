using System.Collections.Concurrent;
using System.Text.Json;
using Spigo.Client.Architectures;
using Spigo.Client.Cli;
using Spigo.Edda;
using Spigo.Gotocol;
using Spigo.Runs;
using Spigo.Tests.Cluster;

namespace Spigo.Tests.Architectures;

/// <summary>Chaos monkey, gorilla and kong for a while (+D): what they stopped comes back, registers and serves again.</summary>
[Collection(ClusterCollection.Name)]
public class FaultsThatEndRunTests(ClusterFixture fixture)
{
    private sealed record Run(string Arch, ArchitecturePlan Plan, Task<SimulationResult> Finished, EddaRun Record, string Dir);

    /// <summary>Starts netflixoss under a name of its own (its faults must not meet other tests' runs) with -c, and finds its Edda.</summary>
    private async Task<Run> Start(int seconds, int regions, string chaos)
    {
        var dir = TempDir.Create();
        var (arch, file) = await Metrics.UniqueArchitecture.WriteAsync("netflixoss", dir);
        var options = ArchitectureRunTests.NetflixOss(seconds, every: 10) with
        {
            Arch = file, Regions = regions, OutputDirectory = dir, GraphJson = true, Collect = true, MetricsPort = 0, Faults = [ArchitectureRunTests.Chaos(chaos)],
        };
        var started = DateTime.UtcNow;
        var plan = SimulationPlan.Create(options);
        var err = new StringWriter();
        var finished = new Simulation(options, plan, new StringWriter(), err, false).RunOn(fixture.Client, CancellationToken.None);
        var record = Viewer.EddaRuns.WaitForRun(fixture.Client, arch, started);
        // A run that ends before Edda lists it failed: its error is the test's.
        if (await Task.WhenAny(record, finished) == finished) Assert.Fail($"the run ended first: {finished.Exception?.InnerException?.Message} {err}");
        return new Run(arch, plan.Architecture!, finished, await record, dir);
    }

    private async Task<List<EddaEntry>> Events(Run run)
    {
        var edda = fixture.Client.GetEdda(run.Record.Key);
        return [.. (await edda.Read(0, await edda.Count())).Where(e => e.Kind == EddaEntryKind.Event)];
    }

    /// <summary>Waits for Edda's event of the fault's end, and returns it.</summary>
    private async Task<EddaEntry> WaitForEnd(Run run, string kind)
    {
        EddaEntry? ended = null;
        await Eventually.Holds(async () =>
        {
            ended = (await Events(run)).FirstOrDefault(e => e.Metadata?.StartsWith(kind + "-ended:", StringComparison.Ordinal) == true);
            return ended is null ? $"no {kind}-ended event in Edda yet" : null;
        });
        return ended!;
    }

    /// <summary>Waits until the silos count every planned nanoservice of these services alive.</summary>
    private async Task WaitUntilAlive(Run run, Func<PlannedNode, bool> which)
    {
        var expected = run.Plan.Nodes.Where(which).GroupBy(n => n.Name.Service).ToDictionary(g => g.Key, g => (long)run.Plan.OfService(g.Key).Count());
        await Eventually.Holds(async () =>
        {
            var alive = (await SiloTelemetries.CountsAsync(fixture.Client, run.Arch)).ToDictionary(s => s.Service, s => s.Alive);
            var short_ = expected.Where(e => alive.GetValueOrDefault(e.Key) != e.Value).Select(e => $"{e.Key} {alive.GetValueOrDefault(e.Key)}/{e.Value}").ToList();
            return short_.Count == 0 ? null : "alive: " + string.Join(", ", short_);
        });
    }

    /// <summary>The request hops of -c's flow file: which nanoservice received one, and when (µs since the epoch).</summary>
    private static List<(string Server, long At)> Received(Run run)
    {
        using var flow = JsonDocument.Parse(File.ReadAllText(Path.Combine(run.Dir, run.Arch + "_flow.json")));
        return [.. flow.RootElement.EnumerateArray().SelectMany(span => span.GetProperty("annotations").EnumerateArray())
            .Where(a => a.GetProperty("value").GetString() == "sr")
            .Select(a => (a.GetProperty("endpoint").GetProperty("serviceName").GetString()!, a.GetProperty("timestamp").GetInt64()))];
    }

    private static long Micros(DateTime t) => (t - DateTime.UnixEpoch).Ticks / 10;

    private static void AssertEveryoneBackAndAsked(ArchitectureResult result, ArchitecturePlan plan, string[] stopped)
    {
        Assert.Equal(stopped, result.Stopped);
        Assert.Equal(stopped, result.Restored);
        Assert.Empty(result.Missing);
        Assert.Empty(result.Lost);
        // What came back is asked for its Goodbye at the end like everyone else, and answers as not lost.
        Assert.Equal(plan.Nodes.Count + plan.Registries.Count, result.Goodbyes);
    }

    [Fact]
    public async Task AGorillaForAWhileTakesAZoneAwayThenItsNanoservicesComeBackRegisterAndServeAgain()
    {
        var run = await Start(seconds: 8, regions: 1, "gorilla:us-east-1.zoneA@1s+2s");
        var zoneA = run.Plan.Nodes.Where(n => n.Name.Zone == "zoneA").ToList();
        var registry = run.Plan.Registries.Single(r => r.Zone == "zoneA");
        var ended = await WaitForEnd(run, "gorilla");

        // Back while the traffic lasts: alive on the silos, and registered with their zone's Eureka again.
        await WaitUntilAlive(run, n => n.Name.Zone == "zoneA");
        var heard = new ConcurrentDictionary<string, byte>();
        var me = fixture.Client.CreateObjectReference<IGotocolListener>(new NameDrops(heard));
        try
        {
            await Eventually.Holds(async () =>
            {
                foreach (var service in zoneA.Select(n => n.Name.Service).Distinct())
                {
                    await fixture.Client.GetNanoservice(registry.ToString()).GetRequest(GotocolMessage.Create(Imposition.GetRequest, me, service));
                }
                var unregistered = zoneA.Where(n => !heard.ContainsKey(n.FullName)).Select(n => n.FullName).ToList();
                return unregistered.Count == 0 ? null : $"{registry} does not list {string.Join(", ", unregistered)}";
            });
        }
        finally
        {
            fixture.Client.DeleteObjectReference<IGotocolListener>(me);
        }

        var result = (await run.Finished).Architecture!;
        AssertEveryoneBackAndAsked(result, run.Plan, [.. zoneA.Select(n => n.FullName).Append(registry.ToString()).Order(StringComparer.Ordinal)]);
        var events = await Events(run);
        var gone = events.Single(e => e.Name == "us-east-1.zoneA" && e.Metadata == $"gorilla:{zoneA.Count}");
        Assert.Equal($"gorilla-ended:{zoneA.Count}", ended.Metadata);
        Assert.Equal("us-east-1.zoneA", ended.Name);

        // No request reached the zone while it was out (give the Goodbyes a moment to land); after, its Zuul, Karyon,
        // staash and Cassandra served again.
        var served = Received(run).Where(r => r.Server.Contains(".us-east-1.zoneA.", StringComparison.Ordinal)).ToList();
        Assert.DoesNotContain(served, r => r.At > Micros(gone.Timestamp) + 100_000 && r.At < Micros(ended.Timestamp));
        var after = served.Where(r => r.At > Micros(ended.Timestamp)).Select(r => Spigo.Names.NanoName.Parse(r.Server).Package).ToHashSet();
        Assert.Superset(new HashSet<string> { "zuul", "karyon", "staash", "priamCassandra" }, after);

        // Three phases; once the zone is back the traffic is answered as before it went.
        var phases = result.Phases!;
        Assert.Equal(["before", "gorilla us-east-1.zoneA", "after gorilla us-east-1.zoneA"], phases.Select(p => p.Name));
        Assert.True(phases[2].Answered >= phases[2].Sent * 95 / 100, $"{phases[2].Answered} of {phases[2].Sent} answered after the zone came back");
        using var metrics = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(run.Dir, run.Arch + "_metrics.json")));
        Assert.Equal(phases.Select(p => p.Name), metrics.RootElement.GetProperty("phases").EnumerateArray().Select(p => p.GetProperty("phase").GetString()));
    }

    [Fact]
    public async Task AKongForAWhileSendsTrafficAwayFromTheRegionThenTheDenominatorFailsBack()
    {
        var run = await Start(seconds: 7, regions: 2, "kong:us-west-2@1s+2s");
        var result = (await run.Finished).Architecture!;
        var west = run.Plan.Nodes.Where(n => n.Name.Region == "us-west-2").Select(n => n.FullName)
            .Concat(run.Plan.Registries.Where(r => r.Region == "us-west-2").Select(r => r.ToString())).Order(StringComparer.Ordinal).ToArray();
        AssertEveryoneBackAndAsked(result, run.Plan, west);
        var events = await Events(run);
        var count = run.Plan.Nodes.Count(n => n.Name.Region == "us-west-2");
        var gone = events.Single(e => e.Name == "us-west-2" && e.Metadata == $"kong:{count}");
        var back = events.Single(e => e.Name == "us-west-2" && e.Metadata == $"kong-ended:{count}");

        // The region's ELB took no requests while it was gone, and takes them again once the Denominator learns it is back.
        var elb = Received(run).Where(r => r.Server.Contains(".us-west-2.", StringComparison.Ordinal) && r.Server.Contains(".elb.", StringComparison.Ordinal)).ToList();
        Assert.DoesNotContain(elb, r => r.At > Micros(gone.Timestamp) + 100_000 && r.At < Micros(back.Timestamp));
        Assert.True(elb.Count(r => r.At > Micros(back.Timestamp)) >= 20, $"{elb.Count(r => r.At > Micros(back.Timestamp))} requests into us-west-2 after it came back");
        var after = result.Phases!.Single(p => p.Name == "after kong us-west-2");
        Assert.True(after.Answered >= after.Sent * 95 / 100, $"{after.Answered} of {after.Sent} answered after us-west-2 came back");
    }

    [Fact]
    public async Task AChaosMonkeyForAWhileStopsAnInstanceAndTheServiceHasAllItsInstancesAgain()
    {
        var run = await Start(seconds: 6, regions: 1, "monkey:homepage@1s+1s");
        var ended = await WaitForEnd(run, "monkey");
        await WaitUntilAlive(run, n => n.Name.Service == "homepage");
        var result = (await run.Finished).Architecture!;

        var victim = Assert.Single(result.Stopped!);
        Assert.Contains(".homepage.", victim, StringComparison.Ordinal);
        AssertEveryoneBackAndAsked(result, run.Plan, [victim]);
        Assert.Equal([$"monkey:{victim}", $"monkey-ended:{victim}"], (await Events(run)).Where(e => e.Name == "homepage").Select(e => e.Metadata));
        Assert.Equal($"monkey-ended:{victim}", ended.Metadata);
        Assert.Equal(["before", "monkey homepage", "after monkey homepage"], result.Phases!.Select(p => p.Name));
    }

    /// <summary>Collects the instance names a registry drops to it.</summary>
    private sealed class NameDrops(ConcurrentDictionary<string, byte> heard) : IGotocolListener
    {
        public Task Listen(GotocolMessage message)
        {
            if (message.Imposition == Imposition.NameDrop) heard.TryAdd(message.Intention, 0);
            return Task.CompletedTask;
        }
    }
}
