using System.Text.RegularExpressions;
using Spigo.Silo;

namespace Spigo.Tests.ScaleOut;

/// <summary>
/// Real processes: two spigo-silo processes forming a cluster and a spigo run against it. Membership is in Redis when
/// one is there (./test.sh starts it and sets SPIGO_TEST_REDIS, which makes Redis required); on a machine without Redis
/// the same test uses localhost (primary-silo) membership.
/// </summary>
[Collection(AloneCollection.Name)]
public sealed partial class SiloProcessTests : ProcessTests
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(2) };

    private static string? Redis()
    {
        if (Environment.GetEnvironmentVariable("SPIGO_TEST_REDIS") is { Length: > 0 } required)
        {
            var port = int.Parse(required[(required.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(FreePorts.Listening(port), $"SPIGO_TEST_REDIS={required} is set but nothing listens there");
            return required;
        }
        return FreePorts.Listening(6379) ? "127.0.0.1:6379" : null;
    }

    private static async Task WaitReady(ChildProcess silo, int httpPort)
    {
        async Task<bool> Ready()
        {
            Assert.False(silo.HasExited, $"spigo-silo exited with {(silo.HasExited ? silo.ExitCode : 0)}:\n{silo.Out}\n{silo.Err}");
            try
            {
                using var response = await Http.GetAsync($"http://127.0.0.1:{httpPort}{SiloHost.ReadyPath}");
                return response.IsSuccessStatusCode;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                return false; // not listening yet
            }
        }
        if (await Eventually.Within(TimeSpan.FromSeconds(60), Ready)) return;
        Assert.Fail($"spigo-silo on {httpPort} was not ready within 60 s:\n{silo.Out}\n{silo.Err}");
    }

    [Fact]
    public async Task TwoSiloProcessesAndASpigoRunAgainstThemShareThePirates()
    {
        var redis = Redis();
        var clusterId = "test-" + Guid.NewGuid().ToString("N")[..8];
        var ports = FreePorts.Take(6);
        string[] Membership(int index) => redis is not null
            ? ["--clustering", "redis", "--redis", redis]
            : index == 0 ? [] : ["--primary", $"127.0.0.1:{ports[0]}"];
        var silos = new List<ChildProcess>();
        for (var i = 0; i < 2; i++)
        {
            silos.Add(Start("spigo-silo.dll", [.. Membership(i), "--cluster-id", clusterId,
                "--silo-port", $"{ports[i]}", "--gateway-port", $"{ports[2 + i]}", "--http-port", $"{ports[4 + i]}"]));
            // The primary must be up before the second silo joins it; with Redis the order does not matter.
            if (i == 0 || redis is null) await WaitReady(silos[i], ports[4 + i]);
        }
        await WaitReady(silos[1], ports[5]);

        var dir = TempDir.Create();
        string[] target = redis is not null ? ["--cluster", $"redis://{redis}"] : ["--gateway", $"127.0.0.1:{ports[2]},127.0.0.1:{ports[3]}"];
        var spigo = Start("spigo.dll", ["-a", "fsm", "-p", "2000", "-d", "1", "-j", "-c", "-o", dir, "--seed", "5", "--cluster-id", clusterId, .. target]);
        var code = await spigo.WaitAsync(TimeSpan.FromSeconds(120));

        Assert.True(code == 0, $"spigo exited with {code}:\n{spigo.Out}\n{spigo.Err}");
        Assert.Contains("2 active silos", spigo.Err);
        var summary = SiloShares().Match(spigo.Out);
        Assert.True(summary.Success, spigo.Out);
        var first = int.Parse(summary.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var second = int.Parse(summary.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(2000, first + second);
        Assert.True(first > 0 && second > 0, $"one silo held no pirates: {summary.Value}");
        Assert.Contains("gold", spigo.Out);
        Assert.Contains("conserved", spigo.Out);
        Assert.True(File.Exists(Path.Combine(dir, "fsm.json")));

        // Each silo serves the viewer, and lists the run the client just made (its Edda index lives in the cluster).
        foreach (var httpPort in new[] { ports[4], ports[5] })
        {
            Assert.Contains("<title>spigo viewer</title>", await Http.GetStringAsync($"http://127.0.0.1:{httpPort}/"));
            Assert.Contains("\"arch\":\"fsm\"", await Http.GetStringAsync($"http://127.0.0.1:{httpPort}/api/runs"));
        }

        // Each silo's /metrics (one silo a process: every histogram, Orleans' too, held to the bucket rules) counts the
        // messages its own pirates were delivered: both did work, together at least the 5 setup messages a pirate, and
        // after the Goodbyes no pirate is alive on either.
        var messages = new List<double>();
        foreach (var httpPort in new[] { ports[4], ports[5] })
        {
            var text = await Http.GetStringAsync($"http://127.0.0.1:{httpPort}/metrics");
            var samples = Metrics.PrometheusText.Parse(text);
            IEnumerable<Metrics.PrometheusText.Sample> Fsm(string name) => samples.Where(x => x.Name == name && x.Labels.GetValueOrDefault("architecture") == "fsm");
            messages.Add(Fsm("spigo_gotocol_messages_total").Sum(x => x.Value));
            Assert.Equal(0, Fsm("spigo_nanoservices_alive").Sum(x => x.Value));
            Assert.True(Fsm("spigo_edges_discovered_total").Sum(x => x.Value) > 0);
            Assert.Contains(samples, x => x.Name.StartsWith("orleans_", StringComparison.Ordinal));
            if (Metrics.Promtool.Optional() is { } promtool)
            {
                var check = await Metrics.Promtool.CheckMetricsAsync(promtool, text);
                Assert.True(check.ExitCode is 0 or 3, $"promtool check metrics: exit {check.ExitCode}: {check.Output}");
            }
        }
        Assert.All(messages, m => Assert.True(m > 0, $"a silo counted no fsm messages: {string.Join(", ", messages)}"));
        // -c's metrics file adds up both silo processes: exactly the messages their /metrics counted.
        using (var file = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dir, "fsm_metrics.json"))))
        {
            var pirate = file.RootElement.GetProperty("services").EnumerateArray().Single(e => e.GetProperty("service").GetString() == "pirate");
            Assert.Equal(messages.Sum(), pirate.GetProperty("messages").GetInt64());
        }
        Assert.True(messages.Sum() >= 5 * 2000, $"the silos counted {messages.Sum()} fsm messages for 2000 pirates");

        // Both silos stop gracefully on SIGTERM.
        foreach (var silo in silos) silo.Terminate();
        foreach (var silo in silos)
        {
            Assert.Equal(0, await silo.WaitAsync(TimeSpan.FromSeconds(40)));
            Assert.Contains("spigo-silo: stopped", silo.Out);
        }
    }

    [GeneratedRegex(@"2 silos \((\d+)/(\d+) nanoservices\)")]
    private static partial Regex SiloShares();

    [Fact]
    public async Task AnUnreachableGatewayIsAClearErrorWithinTheConnectTimeout()
    {
        var port = FreePorts.Take(1)[0];
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var outcome = await Cli.CliRunner.Run("-a", "fsm", "-p", "10", "--seed", "1", "--gateway", $"127.0.0.1:{port}", "--connect-timeout", "3s");

        Assert.Equal(1, outcome.ExitCode);
        Assert.StartsWith($"spigo: cannot reach the cluster at gateway 127.0.0.1:{port}: ", outcome.Err.Trim());
        Assert.Single(outcome.Err.Trim().Split('\n'));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task AnUnreachableRedisIsAClearErrorWithinTheConnectTimeout()
    {
        var port = FreePorts.Take(1)[0];
        var outcome = await Cli.CliRunner.Run("-a", "fsm", "-p", "10", "--seed", "1", "--cluster", $"redis://127.0.0.1:{port}", "--connect-timeout", "3s");

        Assert.Equal(1, outcome.ExitCode);
        Assert.StartsWith($"spigo: cannot reach the cluster at redis://127.0.0.1:{port}: ", outcome.Err.Trim());
    }

    [Theory]
    [InlineData(new[] { "--cluster", "http://127.0.0.1:6379" }, "spigo: --cluster http://127.0.0.1:6379: expected redis://host:port (the Redis that holds the cluster's membership)")]
    [InlineData(new[] { "--gateway", "127.0.0.1" }, "spigo: --gateway 127.0.0.1: \"127.0.0.1\" is not host:port (e.g. 127.0.0.1:30000)")]
    [InlineData(new[] { "--gateway", "127.0.0.1:30000", "--cluster", "redis://127.0.0.1" }, "spigo: --cluster redis://127.0.0.1: give either --cluster or --gateway, not both")]
    public async Task SpigoRejectsBadClusterFlags(string[] args, string message)
    {
        var outcome = await Cli.CliRunner.Run(["-a", "fsm", .. args]);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal(message, outcome.Err.Trim());
    }
}
