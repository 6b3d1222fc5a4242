using System.Diagnostics;
using System.Text.RegularExpressions;
using Spigo.Client.Hosting;

namespace Spigo.Tests.ScaleOut;

/// <summary>
/// Three silos each in a network namespace of its own, on their own addresses on a bridge, Redis in another, the client
/// in the root namespace (bench/netns-cluster.sh): a partition of one silo in the middle of a run. Needs root; where
/// namespaces cannot be made the test says so as a skip.
/// </summary>
[Collection(AloneCollection.Name)]
public sealed class NetnsClusterTests : ProcessTests
{
    private static readonly string Script = Path.Combine(AppContext.BaseDirectory, "bench", "netns-cluster.sh");
    private readonly string _prefix = "sp" + Guid.NewGuid().ToString("N")[..6];
    private readonly string _net = $"10.231.{Random.Shared.Next(10, 250)}";

    private (int Code, string Out) Cluster(params string[] args)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { Script, "--prefix", _prefix, "--net", _net, "--silo", Path.Combine(AppContext.BaseDirectory, "spigo-silo.dll") }.Concat(args)) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(120))) process.Kill(entireProcessTree: true);
        return (process.ExitCode, output.Result + error.Result);
    }

    private static void SkipWithoutNamespaces()
    {
        if (Environment.UserName != "root") Assert.Skip("network namespaces need root");
        foreach (var tool in new[] { "/usr/sbin/ip", "/usr/sbin/tc", "/usr/bin/redis-server", "/usr/bin/curl" })
        {
            if (!File.Exists(tool) && !File.Exists(tool.Replace("/usr/sbin/", "/sbin/", StringComparison.Ordinal))) Assert.Skip($"{tool} is missing");
        }
        using var probe = Process.Start("ip", ["netns", "add", "spigo-probe"]);
        probe.WaitForExit();
        if (probe.ExitCode != 0) Assert.Skip("cannot make network namespaces here");
        using var remove = Process.Start("ip", ["netns", "del", "spigo-probe"]);
        remove.WaitForExit();
    }

    [Fact]
    public async Task ARedisRestartedEmptyEndsEverySiloAndTheRunWithOneLineEach()
    {
        SkipWithoutNamespaces();
        try
        {
            var (code, said) = Cluster("up", "2");
            Assert.True(code == 0, said);
            var dir = TempDir.Create();
            var spigo = Start("spigo.dll", "--cluster", $"redis://{_net}.2:6379", "--cluster-id", _prefix, "-a", "netflixoss", "-d", "40", "-j", "-o", dir);
            Assert.True(await spigo.WaitForErr("netflixoss: Denominator traffic for", TimeSpan.FromSeconds(60)), spigo.Err);

            // The membership store comes back with nothing in it: every silo finds its row gone, says so in one line and
            // exits 1 for its supervisor; the run loses every gateway, says so in one line, writes nothing and exits 1.
            (code, said) = Cluster("restart-redis");
            Assert.True(code == 0, said);
            var state = Path.Combine(Path.GetTempPath(), $"{_prefix}-netns");
            foreach (var silo in new[] { "silo1", "silo2" })
            {
                var log = Path.Combine(state, $"{silo}.log");
                Assert.True(await Eventually.Within(TimeSpan.FromSeconds(60), () => File.ReadAllText(log).Contains("is gone from the membership table", StringComparison.Ordinal)), File.ReadAllText(log));
            }
            Assert.True(await Eventually.Within(TimeSpan.FromSeconds(30), () => Regex.Count(Cluster("status").Out, @"silo \d \S+ pid \d+ exited") == 2), Cluster("status").Out);
            Assert.Equal(1, await spigo.WaitAsync(TimeSpan.FromSeconds(120)));
            Assert.Matches(@"spigo: lost every gateway of the cluster at redis://\S+ for \d+ s; the run is abandoned, no output written", spigo.Err.Trim().Split('\n')[^1]);
            Assert.Empty(Directory.EnumerateFileSystemEntries(dir));
        }
        finally
        {
            var (code, said) = Cluster("down");
            Assert.True(code == 0, said);
        }
    }

    [Fact]
    public async Task APartitionedSiloIsDeclaredDeadAndSaysSoWhenHealed()
    {
        SkipWithoutNamespaces();
        try
        {
            var (code, said) = Cluster("up", "3");
            Assert.True(code == 0, said);
            var redis = $"redis://{_net}.2:6379";
            var dir = TempDir.Create();
            // netflixoss without its half-time chaos victim, so that everything silo 3 held is lost with it.
            var file = Path.Combine(TempDir.Create(), "netflixoss.json");
            await BuiltInArchitecture.WriteAsync("netflixoss", file, definition => definition["victim"] = "");
            var spigo = Start("spigo.dll", "--cluster", redis, "--cluster-id", _prefix, "-a", file, "-d", "16", "--verify", "--seed", "3", "-o", dir);
            Assert.True(await spigo.WaitForErr("netflixoss: Denominator traffic for", TimeSpan.FromSeconds(60)), spigo.Err);

            Assert.Equal(0, Cluster("partition", "3").Code);
            await using (var client = await RemoteCluster.ConnectAsync(ClusterTarget.FromRedisUrl(redis, _prefix, "spigo"), TimeSpan.FromSeconds(30), CancellationToken.None))
            {
                await Eventually.Holds(() => ClusterCensus.Differs(client.Client, 2), seconds: 120);
            }
            Assert.Equal(0, Cluster("heal", "3").Code);

            // The run lost silo 3's zone, healed it on the other two and ends complete: every acknowledged write is
            // readable, the lost are exactly what silo 3 held, and the traffic came back within failure detection and a
            // few seconds (the client drops the partitioned silo's gateway once membership says it is dead).
            var exit = await spigo.WaitAsync(TimeSpan.FromSeconds(120));
            Assert.True(exit == 0, $"spigo exited with {exit}:\n{spigo.Out}\n{spigo.Err}");
            Assert.Contains("netflixoss complete", spigo.Out);
            Assert.Contains("read-your-writes holds", spigo.Out);
            var census = Regex.Match(spigo.Err, $@"nanoservices per silo after setup: .*S{Regex.Escape(_net)}\.13:\d+:\d+ (\d+)");
            var lost = Regex.Match(spigo.Out, @"\((\d+) nanoservices lost with their silo\)");
            Assert.True(census.Success && lost.Success && census.Groups[1].Value == lost.Groups[1].Value, $"{spigo.Out}\n{spigo.Err}");
            var recovered = Regex.Match(spigo.Out, @"outage: \d+ requests failed, recovered in (\d+)s");
            Assert.True(recovered.Success && int.Parse(recovered.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) <= 12, $"{spigo.Out}\n{spigo.Err}");

            // Healed, the silo learns it was declared dead, says so in one line and exits.
            var log = Path.Combine(Path.GetTempPath(), $"{_prefix}-netns", "silo3.log");
            Assert.True(await Eventually.Within(TimeSpan.FromSeconds(60), () => File.ReadAllText(log).Contains("spigo-silo: the cluster declared this silo dead", StringComparison.Ordinal)), File.ReadAllText(log));
            Assert.True(await Eventually.Within(TimeSpan.FromSeconds(30), () => Regex.IsMatch(Cluster("status").Out, @"silo 3 \S+ pid \d+ exited")), Cluster("status").Out);
        }
        finally
        {
            var (code, said) = Cluster("down");
            Assert.True(code == 0, said);
        }
        using var list = Process.Start(new ProcessStartInfo("ip", ["netns", "list"]) { RedirectStandardOutput = true })!;
        Assert.DoesNotContain(_prefix, await list.StandardOutput.ReadToEndAsync(), StringComparison.Ordinal);
    }

}
