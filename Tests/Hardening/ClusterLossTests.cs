using Spigo.Tests.ScaleOut;

namespace Spigo.Tests.Hardening;

/// <summary>A run on a remote cluster whose only silo goes away says so within seconds rather than waiting out --timeout.</summary>
[Collection(AloneCollection.Name)]
public sealed class ClusterLossTests : ProcessTests
{
    [Fact]
    public async Task LosingTheOnlySiloAbandonsTheRunWithOneLine()
    {
        var ports = FreePorts.Take(3);
        var clusterId = "lost" + Guid.NewGuid().ToString("N")[..8];
        var silo = new ChildProcess("spigo-silo.dll", ["--cluster-id", clusterId, "--silo-port", $"{ports[0]}", "--gateway-port", $"{ports[1]}", "--http-port", $"{ports[2]}"]);
        Track(silo);
        Assert.True(await silo.WaitForOut("spigo-silo: silo", TimeSpan.FromSeconds(60)), silo.Out + silo.Err);

        var dir = TempDir.Create();
        var spigo = new ChildProcess("spigo.dll", ["-a", "netflixoss", "-d", "120", "--timeout", "10m", "-j", "-o", dir, "--seed", "1",
            "--gateway", $"127.0.0.1:{ports[1]}", "--cluster-id", clusterId]);
        Track(spigo);
        Assert.True(await spigo.WaitForErr("Denominator traffic for", TimeSpan.FromSeconds(90)), spigo.Err);

        silo.KillNow();

        // Without the watch this run would wait two minutes of traffic and ten of --timeout; the limit detects a hang.
        Assert.Equal(1, await spigo.WaitAsync(TimeSpan.FromSeconds(60)));
        Assert.Equal($"spigo: lost every gateway of the cluster at gateway 127.0.0.1:{ports[1]} for 5 s; the run is abandoned, no output written",
            spigo.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1].Trim());
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir));
    }
}
