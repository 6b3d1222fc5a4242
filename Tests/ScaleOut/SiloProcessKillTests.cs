using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Spigo.Client.Architectures;

namespace Spigo.Tests.ScaleOut;

/// <summary>Three real silo processes with Redis membership; one is killed with SIGKILL in the middle of a run.</summary>
public sealed partial class SiloProcessTests
{
    [Fact]
    public async Task KillingOneOfThreeSiloProcessesIsAZoneOutageTheRunHealsAndAccountsForExactly()
    {
        var redis = Redis();
        if (redis is null) Assert.Skip("no Redis on 127.0.0.1:6379 and SPIGO_TEST_REDIS is not set (./test.sh provides it)");
        var clusterId = "kill-" + Guid.NewGuid().ToString("N")[..8];
        var ports = FreePorts.Take(9);
        var silos = new List<ChildProcess>();
        for (var i = 0; i < 3; i++)
        {
            silos.Add(Start("spigo-silo.dll", ["--clustering", "redis", "--redis", redis, "--cluster-id", clusterId,
                "--silo-port", $"{ports[i]}", "--gateway-port", $"{ports[3 + i]}", "--http-port", $"{ports[6 + i]}"]));
        }
        for (var i = 0; i < 3; i++) await WaitReady(silos[i], ports[6 + i]);

        // netflixoss without its chaos victim, so that every nanoservice the killed silo held is lost with it.
        var dir = TempDir.Create();
        var file = Path.Combine(TempDir.Create(), "kill.json");
        using (var stream = typeof(ArchitectureCatalog).Assembly.GetManifestResourceStream("Spigo.Client.Architectures.Definitions.netflixoss.json")!)
        {
            var definition = JsonNode.Parse(stream)!;
            definition["arch"] = "kill";
            definition["victim"] = "";
            await File.WriteAllTextAsync(file, definition.ToJsonString());
        }
        var spigo = Start("spigo.dll", ["-a", file, "-d", "12", "--verify", "-j", "-o", dir, "--seed", "9", "-u", "200ms",
            "--cluster", $"redis://{redis}", "--cluster-id", clusterId]);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!spigo.Err.Contains("kill: Denominator traffic for", StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline && !spigo.HasExited, $"traffic did not start:\n{spigo.Out}\n{spigo.Err}");
            // The poll interval of a loop that waits on a condition with a deadline: it decides nothing.
            await Task.Delay(100);
        }
        var killed = silos[2];
        killed.KillNow();
        var code = await spigo.WaitAsync(TimeSpan.FromSeconds(120));

        Assert.True(code == 0, $"spigo exited with {code}:\n{spigo.Out}\n{spigo.Err}");
        Assert.Contains("kill complete", spigo.Out);
        Assert.Contains("read-your-writes holds", spigo.Out);
        Assert.Matches(@"outage: \d+ requests failed, recovered in \d+s", spigo.Out);
        // Lost is exactly the killed silo's share of the census the driver took after setup.
        var census = Census().Match(spigo.Err);
        Assert.True(census.Success, spigo.Err);
        var share = Regex.Match(census.Groups[1].Value, $@":{ports[2]}:\d+ (\d+)");
        Assert.True(share.Success, census.Value);
        var lost = Lost().Match(spigo.Out);
        Assert.True(lost.Success, spigo.Out);
        Assert.Equal(share.Groups[1].Value, lost.Groups[1].Value);
        Assert.True(File.Exists(Path.Combine(dir, "kill.json")));
    }

    [GeneratedRegex(@"nanoservices per silo after setup: ([^\n]+)")]
    private static partial Regex Census();

    [GeneratedRegex(@"\((\d+) nanoservices lost with their silo\)")]
    private static partial Regex Lost();
}
