using Spigo.Client.Hosting;

namespace Spigo.Tests.ScaleOut;

/// <summary>A silo process paused (SIGSTOP) past failure detection, as a long GC or a frozen VM would pause it.</summary>
public sealed partial class SiloProcessTests
{
    [Fact]
    public async Task ASiloPausedUntilTheClusterDeclaresItDeadSaysSoInOneLineAndExitsWhenItWakes()
    {
        var (redis, clusterId, silos, _) = await StartThreeSilos();
        await using var cluster = await RemoteCluster.ConnectAsync(ClusterTarget.FromRedisUrl($"redis://{redis}", clusterId, "spigo"), TimeSpan.FromSeconds(30), CancellationToken.None);
        Assert.Null(await ClusterCensus.Differs(cluster.Client, 3));

        silos[2].Signal("STOP");
        // The two others vote it dead once it has missed their probes; only then does it wake. A question that went
        // to the paused silo's gateway times out: asked again, until the client has heard it is dead.
        await Eventually.Holds(() => ClusterCensus.Differs(cluster.Client, 2), seconds: 120);
        silos[2].Signal("CONT");

        // The limit is a hang detector: the woken silo reads the table within seconds.
        Assert.Equal(1, await silos[2].WaitAsync(TimeSpan.FromSeconds(60)));
        var lines = silos[2].Err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("spigo-silo: the cluster declared this silo dead", lines[^1].Trim(), StringComparison.Ordinal);
        Assert.EndsWith("; exiting", lines[^1].Trim(), StringComparison.Ordinal);
        Assert.DoesNotContain(lines, l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal));
        // The two others go on as a cluster of two.
        await Eventually.Holds(() => ClusterCensus.Differs(cluster.Client, 2), seconds: 60);
    }
}
