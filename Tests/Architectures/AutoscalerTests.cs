using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Spigo.Tests.Cli;

namespace Spigo.Tests.Architectures;

/// <summary>
/// The reactive auto-scaler: it launches instances in a zone whose workers are busier than the target, they serve only
/// once booted, and it drains and takes out idle ones without losing a request; --verify holds through both.
/// </summary>
[Collection(AloneCollection.Name)]
public class AutoscalerTests
{
    private static async Task<string> OneService(string autoscale)
    {
        var file = Path.Combine(TempDir.Create(), "scaled.json");
        await File.WriteAllTextAsync(file, $$"""
            { "arch": "scaled", "services": [
              { "name": "svc", "package": "karyon", "count": 3, "regions": 1, "latency": "exp:20ms",
                "capacity": "workers:1,queue:1000", "autoscale": "{{autoscale}}", "dependencies": [] },
              { "name": "www", "package": "denominator", "count": 0, "regions": 0, "dependencies": ["svc"] } ] }
            """);
        return file;
    }

    private sealed record Action(DateTime At, string Zone, int Change);

    private static List<Action> Actions(JsonDocument metrics) =>
        [.. metrics.RootElement.GetProperty("autoscaler").GetProperty("actions").EnumerateArray().Select(a => new Action(
            DateTime.Parse(a.GetProperty("at").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
            a.GetProperty("zone").GetString()!, a.GetProperty("change").GetInt32()))];

    private static async Task<(JsonDocument Metrics, JsonDocument Graph)> Files(string dir, string arch) =>
        (JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dir, arch + "_metrics.json"))),
            JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dir, arch + ".json"))));

    [Fact]
    public async Task ABusyZoneGetsInstancesThatServeOnlyOnceBooted()
    {
        // One worker per instance, 20 ms a request, about 40 requests a second per zone: 80% busy against a 50% target,
        // so each zone needs a second instance (and keeps two: then each is 40% busy).
        var file = await OneService("target:50%,min:1,max:4,boot:1s,cooldown:30s,period:1s");
        var dir = TempDir.Create();
        var outcome = await CliRunner.Run("-a", file, "-d", "8", "--load", "120/s", "--seed", "3", "-c", "-j", "-o", dir);
        Assert.True(outcome.ExitCode == 0, outcome.Err);
        var (metrics, graph) = await Files(dir, "scaled");
        var actions = Actions(metrics);
        Assert.All(actions, a => Assert.True(a.Change > 0, $"{a.Zone}: {a.Change} under load"));
        Assert.Equal(["us-east-1.zoneA", "us-east-1.zoneB", "us-east-1.zoneC"], actions.Select(a => a.Zone).Distinct().Order());

        // Each launched instance was set up (its Hello in Edda) a boot's time after the action that launched it; the
        // Denominator then learned of it (an edge to it).
        var planned = new[] { "svc0", "svc1", "svc2" };
        var nodes = graph.RootElement.GetProperty("graph").EnumerateArray().Where(e => e.TryGetProperty("node", out _))
            .Select(e => (Name: e.GetProperty("node").GetString()!, At: DateTime.Parse(e.GetProperty("timestamp").GetString()!, CultureInfo.InvariantCulture,
                DateTimeStyles.RoundtripKind))).Where(n => n.Name.Contains(".svc.", StringComparison.Ordinal)).ToList();
        var launched = nodes.Where(n => !planned.Any(p => n.Name.EndsWith("." + p, StringComparison.Ordinal))).ToList();
        Assert.Equal(actions.Sum(a => a.Change), launched.Count);
        foreach (var node in launched)
        {
            var action = actions.Where(a => node.Name.Contains("." + a.Zone + ".", StringComparison.Ordinal) && a.At <= node.At).MaxBy(a => a.At);
            Assert.NotNull(action);
            Assert.True(node.At - action.At >= TimeSpan.FromMilliseconds(950), $"{node.Name} set up {(node.At - action.At).TotalMilliseconds:0} ms after its launch");
        }
        var edges = graph.RootElement.GetProperty("graph").EnumerateArray().Where(e => e.TryGetProperty("edge", out _))
            .Select(e => e.GetProperty("target").GetString()!).ToHashSet();
        Assert.All(launched, n => Assert.Contains(n.Name, edges));
        Assert.Contains($"auto-scaler: {launched.Count} launched, 0 taken out", outcome.Out);
    }

    [Fact]
    public async Task InstancesAreTakenOutIdleAndAddedBackWithoutLosingARequestAndReadYourWritesHolds()
    {
        // Two web instances a zone behind a Zuul per zone, over a storage ring. Light load first (about 20% busy): the
        // auto-scaler drains one a zone; then twice the load (about 80% busy on the one left): it launches again.
        var file = Path.Combine(TempDir.Create(), "shop.json");
        await File.WriteAllTextAsync(file, """
            { "arch": "shop", "victim": "", "services": [
              { "name": "cass", "package": "priamCassandra", "count": 3, "regions": 1, "dependencies": ["cass", "eureka"] },
              { "name": "data", "package": "staash", "count": 3, "regions": 1, "dependencies": ["cass"] },
              { "name": "web", "package": "karyon", "count": 6, "regions": 1, "latency": "exp:20ms", "capacity": "workers:1,queue:1000",
                "autoscale": "target:50%,min:1,max:6,boot:500ms,cooldown:2s,period:1s", "dependencies": ["data"] },
              { "name": "proxy", "package": "zuul", "count": 3, "regions": 1, "dependencies": ["web"] },
              { "name": "elb", "package": "elb", "count": 0, "regions": 1, "dependencies": ["proxy"] },
              { "name": "www", "package": "denominator", "count": 0, "regions": 0, "dependencies": ["elb"] } ] }
            """);
        var dir = TempDir.Create();
        var outcome = await CliRunner.Run("-a", file, "-d", "12", "--seed", "6", "--verify", "-c", "-j", "-o", dir, "--load", "60/s@0s,60/s@4s,120/s@5s");
        Assert.True(outcome.ExitCode == 0, outcome.Err);
        Assert.True(outcome.Out.Contains("read-your-writes holds", StringComparison.Ordinal), outcome.Out + outcome.Err);
        Assert.True(Regex.IsMatch(outcome.Out, @"complete: \d+ nanoservices, \d+ requests \(\d+ answered, 0 failed, 0 timed out\)"), outcome.Out + outcome.Err);
        var (metrics, graph) = await Files(dir, "shop");
        var actions = Actions(metrics);
        Assert.Contains(actions, a => a.Change < 0);
        Assert.Contains(actions, a => a.Change > 0);

        // Every instance taken out left with a Goodbye that says so, and nobody else left but at the end.
        var exits = graph.RootElement.GetProperty("graph").EnumerateArray().Where(e => e.TryGetProperty("done", out _))
            .GroupBy(e => e.GetProperty("exit").GetString()).ToDictionary(g => g.Key!, g => g.Count());
        var scaler = metrics.RootElement.GetProperty("autoscaler");
        Assert.Equal(-actions.Where(a => a.Change < 0).Sum(a => a.Change) - scaler.GetProperty("still_draining").GetInt32(), scaler.GetProperty("taken_out").GetInt32());
        Assert.Equal(scaler.GetProperty("taken_out").GetInt32(), exits.GetValueOrDefault("scaled-in"));
        Assert.Equal(["normal", "scaled-in"], exits.Keys.Order());
    }

    [Fact]
    public async Task AServiceWithoutCapacityHasNothingToTrack()
    {
        var outcome = await CliRunner.Run("-a", "netflixoss", "-d", "1", "-o", TempDir.Create(), "--autoscale", "homepage=target:60%,min:1,max:4,boot:1s");
        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("spigo: --autoscale homepage: homepage has no capacity, so no utilization to track", outcome.Err);
    }

    [Theory]
    [InlineData("cassSubscriber", "is a service of package priamCassandra; only stateless services in zones scale")]
    [InlineData("www-elb", "is a service of package elb; only stateless services in zones scale")]
    public async Task OnlyStatelessServicesInZonesScale(string service, string expected)
    {
        var outcome = await CliRunner.Run("-a", "netflixoss", "-d", "1", "-o", TempDir.Create(), "--capacity", $"{service}=workers:4",
            "--autoscale", $"{service}=target:60%,min:1,max:4,boot:1s");
        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains($"spigo: --autoscale {service}: {service} {expected}", outcome.Err);
    }
}
