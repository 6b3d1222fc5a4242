using System.Text.Json;
using System.Text.RegularExpressions;
using Spigo.Client.Hosting;

namespace Spigo.Tests.ScaleOut;

/// <summary>Three real silo processes with Redis membership; one is killed with SIGKILL in the middle of a run.</summary>
public sealed partial class SiloProcessTests
{
    [Fact]
    public async Task KillingOneOfThreeSiloProcessesIsAZoneOutageTheRunHealsAndAccountsForExactly()
    {
        var (redis, clusterId, silos, ports) = await StartThreeSilos();

        // netflixoss without its chaos victim, so that every nanoservice the killed silo held is lost with it.
        var dir = TempDir.Create();
        var file = Path.Combine(TempDir.Create(), "kill.json");
        await BuiltInArchitecture.WriteAsync("netflixoss", file, definition =>
        {
            definition["arch"] = "kill";
            definition["victim"] = "";
        });
        var spigo = Start("spigo.dll", ["-a", file, "-d", "12", "--verify", "-j", "-o", dir, "--seed", "9", "-u", "200ms",
            "--cluster", $"redis://{redis}", "--cluster-id", clusterId]);
        Assert.True(await spigo.WaitForErr("kill: Denominator traffic for", TimeSpan.FromSeconds(60)), $"traffic did not start:\n{spigo.Out}\n{spigo.Err}");
        silos[2].KillNow();
        var code = await spigo.WaitAsync(TimeSpan.FromSeconds(120));

        Assert.True(code == 0, $"spigo exited with {code}:\n{spigo.Out}\n{spigo.Err}");
        Assert.Contains("kill complete", spigo.Out);
        Assert.Contains("read-your-writes holds", spigo.Out);
        Assert.Matches(@"outage: \d+ requests failed, recovered in \d+s", spigo.Out);
        // Lost is exactly the killed silo's share of the census the driver took after setup.
        var (share, lost) = (KilledShare(spigo, ports[2]), Lost(Lost().Match(spigo.Out), spigo));
        Assert.True(share == lost, $"lost {lost}, but the killed silo held {share}:\n{spigo.Out}\n{spigo.Err}");
        Assert.True(File.Exists(Path.Combine(dir, "kill.json")));
    }

    [Fact]
    public async Task ASiloKilledAndStartedAgainOnItsAddressIsCountedOnceInTheRunsFigures()
    {
        var (redis, clusterId, silos, ports) = await StartThreeSilos();
        var target = ClusterTarget.FromRedisUrl($"redis://{redis}", clusterId, "spigo");
        await using var cluster = await RemoteCluster.ConnectAsync(target, TimeSpan.FromSeconds(30), default);
        using var stopWatching = new CancellationTokenSource();
        var twice = ActiveTwice(cluster.Client, "netflixoss.", stopWatching.Token);
        var dir = TempDir.Create();
        // Without --verify: what a silo that comes back costs read-your-writes is not settled (docs/cluster.md).
        var spigo = Start("spigo.dll", ["-a", "netflixoss", "-d", "16", "-c", "-o", dir, "--seed", "9",
            "--cluster", $"redis://{redis}", "--cluster-id", clusterId]);
        var started = await spigo.WaitForErr("Denominator traffic for", TimeSpan.FromSeconds(60));
        Assert.True(started, $"traffic did not start:\n{spigo.Out}\n{spigo.Err}");
        silos[2].KillNow();
        // The same address and ports, a new process: Orleans knows it as a new generation of that address.
        var again = Start("spigo-silo.dll", "--clustering", "redis", "--redis", redis, "--cluster-id", clusterId,
            "--silo-port", $"{ports[2]}", "--gateway-port", $"{ports[5]}", "--http-port", $"{ports[8]}");
        await WaitReady(again, ports[8]);
        // Watched until the run says Goodbye: a late message may then wake one of them on another silo while its old
        // activation is still being deactivated.
        await spigo.WaitForErr("netflixoss: Shutdown", TimeSpan.FromSeconds(120));
        await stopWatching.CancelAsync();
        var code = await spigo.WaitAsync(TimeSpan.FromSeconds(120));

        Assert.True(code == 0, $"spigo exited with {code}:\n{spigo.Out}\n{spigo.Err}");
        var requests = Requests().Match(spigo.Out);
        Assert.True(requests.Success, spigo.Out);
        long sent = long.Parse(requests.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        long answered = long.Parse(requests.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
        // Each request passes the Denominator's edge to the ELB once: summed over the silos at the end (the one
        // that came back among them), the edge cannot carry more than was sent; what the killed process counted
        // went with it.
        var metricsFile = Path.Combine(dir, "netflixoss_metrics.json");
        using var metrics = JsonDocument.Parse(await File.ReadAllTextAsync(metricsFile));
        var edge = metrics.RootElement.GetProperty("dependencies").EnumerateArray().Single(e =>
            e.GetProperty("service").GetString() == "www" && e.GetProperty("dependency").GetString() == "www-elb");
        var counted = edge.GetProperty("requests").GetInt64();
        Assert.True(counted <= sent && counted >= answered / 2,
            $"www to www-elb counted {counted}; {sent} sent, {answered} answered");
        // No nanoservice was ever seen active on two silos at once, through the kill, the rebuilds and the return.
        var (looks, seen) = await twice;
        Assert.True(looks >= 5, $"the cluster's activations were read {looks} times");
        Assert.True(seen.Count == 0, $"active on two silos at once: {string.Join(", ", seen)}");
    }

    /// <summary>
    /// Reads every active silo's activations until <paramref name="stop"/>, and names each grain whose key starts with
    /// <paramref name="prefix"/> that two silos held in two reads in a row (one read asks the silos in turn, so one
    /// activation moving between them is not taken for two); with how many reads were answered. A read that a silo
    /// being lost cannot answer is skipped.
    /// </summary>
    private static async Task<(int Looks, HashSet<string> Twice)> ActiveTwice(
        IClusterClient client, string prefix, CancellationToken stop)
    {
        var management = client.GetGrain<IManagementGrain>(0);
        var twice = new HashSet<string>(StringComparer.Ordinal);
        var lastRead = new HashSet<string>(StringComparer.Ordinal);
        var looks = 0;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var statistics = await management.GetDetailedGrainStatistics(null, null, stop)
                    .WaitAsync(TimeSpan.FromSeconds(5), stop);
                looks++;
                var ours = statistics.Where(g => g.GrainId.Key.ToString()!.StartsWith(prefix, StringComparison.Ordinal))
                    .GroupBy(g => g.GrainId);
                var read = ours.Where(g => g.Select(a => a.SiloAddress).Distinct().Count() > 1)
                    .Select(g => g.Key.ToString()).ToHashSet(StringComparer.Ordinal);
                twice.UnionWith(read.Intersect(lastRead));
                lastRead = read;
                await Task.Delay(100, stop); // how often it looks: it decides nothing, a double activation is seen twice
            }
            catch (Exception) when (!stop.IsCancellationRequested)
            {
                // A silo lost or joining (a timeout, a rejection, a call the management grain's fan-out cancelled):
                // the next read.
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        return (looks, twice);
    }

    [Fact]
    public async Task KillingOneOfThreeSiloProcessesInAnFsmRunLosesExactlyThePiratesItHeld()
    {
        var (redis, clusterId, silos, ports) = await StartThreeSilos();
        var dir = TempDir.Create();
        var spigo = Start("spigo.dll", ["-a", "fsm", "-p", "3000", "-d", "6", "-j", "-o", dir, "--seed", "4",
            "--cluster", $"redis://{redis}", "--cluster-id", clusterId]);
        Assert.True(await spigo.WaitForErr("fsm: Talk amongst yourselves", TimeSpan.FromSeconds(60)), $"the pirates did not start talking:\n{spigo.Out}\n{spigo.Err}");
        silos[2].KillNow();
        var code = await spigo.WaitAsync(TimeSpan.FromSeconds(120));

        // Every pirate answered Goodbye, the killed silo's as lost; their gold went with them, so it cannot be checked.
        Assert.True(code == 0, $"spigo exited with {code}:\n{spigo.Out}\n{spigo.Err}");
        Assert.Contains("fsm complete: 3000 pirates", spigo.Out);
        Assert.Contains("3000/3000 Goodbyes", spigo.Out);
        var lost = Lost(PiratesLost().Match(spigo.Out), spigo);
        var share = KilledShare(spigo, ports[2]);
        Assert.True(share == lost, $"lost {lost}, but the killed silo held {share}:\n{spigo.Out}\n{spigo.Err}");
        Assert.InRange(int.Parse(lost, System.Globalization.CultureInfo.InvariantCulture), 1, 2999);
        var graph = Client.Output.GraphJsonReader.Read(Path.Combine(dir, "fsm.json"));
        Assert.Equal(3000, graph.Nodes.Count());
        Assert.Equal(lost, graph.Done.Count(d => d.Exit == Gotocol.GoodbyeReport.LostExit).ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task TheLoadGeneratedBesideTheRootGoesOnWhenTheRootsSiloIsKilled()
    {
        var (redis, clusterId, silos, ports) = await StartThreeSilos();
        // Open-loop arrivals at 200/s for 12 s, generated inside the cluster beside netflixoss's one root, www.
        var spigo = Start("spigo.dll", ["-a", "netflixoss", "-p", "25", "-d", "12", "--load", "200/s", "--seed", "5", "-u", "200ms",
            "--cluster", $"redis://{redis}", "--cluster-id", clusterId]);
        Assert.True(await spigo.WaitForErr("netflixoss: load generator of ", TimeSpan.FromSeconds(60)), $"traffic did not start:\n{spigo.Out}\n{spigo.Err}");
        var first = GeneratorSilo().Match(spigo.Err);
        Assert.True(first.Success, spigo.Err);
        Assert.StartsWith("netflixoss.", first.Groups[2].Value, StringComparison.Ordinal);
        // A few seconds of traffic, then the silo of the root and its generator is killed. The wait only places the kill
        // inside the run (3 s of its 12); the assertions count the whole run's requests.
        await Task.Delay(TimeSpan.FromSeconds(3)); // places the kill; it decides nothing
        var victim = Array.IndexOf(ports, int.Parse(first.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.InRange(victim, 0, 2);
        silos[victim].KillNow();
        var code = await spigo.WaitAsync(TimeSpan.FromSeconds(120));

        Assert.True(code == 0, $"spigo exited with {code}:\n{spigo.Out}\n{spigo.Err}");
        Assert.Contains("netflixoss complete", spigo.Out);
        // Another generator took over beside the root, wherever its zone went, and the arrivals went on at the
        // schedule's rate: about 2,400 in 12 s (Poisson), most of them answered.
        var again = GeneratorSilo().Matches(spigo.Err).Where(m => m.Groups[1].Success).ToList();
        Assert.True(again.Count >= 1, spigo.Err);
        Assert.NotEqual(first.Groups[3].Value, again[^1].Groups[3].Value);
        var requests = Requests().Match(spigo.Out);
        Assert.True(requests.Success, spigo.Out);
        var (sent, answered) = (long.Parse(requests.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), long.Parse(requests.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(sent is > 2400 * 8 / 10 and < 2400 * 12 / 10, $"{sent} requests:\n{spigo.Err}");
        Assert.True(answered >= sent * 8 / 10, $"{answered} of {sent} answered:\n{spigo.Err}");
        Assert.Matches(@"requests failed or timed out until traffic recovered \d+s later", spigo.Err);
    }

    [GeneratedRegex(@"(another )?load generator of (\S+) on silo [\d.]+:(\d+)")]
    private static partial Regex GeneratorSilo();

    [GeneratedRegex(@"(\d+) requests \((\d+) answered")]
    private static partial Regex Requests();

    /// <summary>
    /// Three spigo-silo processes with Redis membership, each ready; ports are silo 0-2, gateway 3-5, HTTP 6-8. The
    /// third runs with <paramref name="thirdEnvironment"/> added to its environment.
    /// </summary>
    private async Task<(string Redis, string ClusterId, List<ChildProcess> Silos, int[] Ports)> StartThreeSilos(
        IReadOnlyDictionary<string, string>? thirdEnvironment = null)
    {
        var redis = Redis();
        if (redis is null) Assert.Skip("no Redis on 127.0.0.1:6379 and SPIGO_TEST_REDIS is not set (./test.sh provides it)");
        var clusterId = "kill-" + Guid.NewGuid().ToString("N")[..8];
        var ports = FreePorts.Take(9);
        var silos = new List<ChildProcess>();
        for (var i = 0; i < 3; i++)
        {
            silos.Add(Track(new ChildProcess("spigo-silo.dll", ["--clustering", "redis", "--redis", redis,
                "--cluster-id", clusterId,
                "--silo-port", $"{ports[i]}", "--gateway-port", $"{ports[3 + i]}", "--http-port", $"{ports[6 + i]}"],
                i == 2 ? thirdEnvironment : null)));
        }
        for (var i = 0; i < 3; i++) await WaitReady(silos[i], ports[6 + i]);
        return (redis, clusterId, silos, ports);
    }

    /// <summary>How many nanoservices the census after setup put on the silo listening on <paramref name="siloPort"/>.</summary>
    private static string KilledShare(ChildProcess spigo, int siloPort)
    {
        var census = Census().Match(spigo.Err);
        Assert.True(census.Success, spigo.Err);
        var share = Regex.Match(census.Groups[1].Value, $@":{siloPort}:\d+ (\d+)");
        Assert.True(share.Success, census.Value);
        return share.Groups[1].Value;
    }

    private static string Lost(Match match, ChildProcess spigo)
    {
        Assert.True(match.Success, spigo.Out);
        return match.Groups[1].Value;
    }

    [GeneratedRegex(@"nanoservices per silo after setup: ([^\n]+)")]
    private static partial Regex Census();

    [GeneratedRegex(@"\((\d+) nanoservices lost with their silo\)")]
    private static partial Regex Lost();

    [GeneratedRegex(@"not checkable: (\d+) pirates lost with their silo")]
    private static partial Regex PiratesLost();
}
