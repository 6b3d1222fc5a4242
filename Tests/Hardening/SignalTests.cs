using Spigo.Tests.ScaleOut;

namespace Spigo.Tests.Hardening;

/// <summary>
/// spigo as a real process: SIGTERM and SIGINT stop it promptly at any phase with one line, the shell's exit code and
/// nothing written; inputs that would block or never end are refused before they are opened.
/// </summary>
[Collection(AloneCollection.Name)]
public sealed class SignalTests : ProcessTests
{
    private ChildProcess Spigo(params string[] args) => Start("spigo.dll", args);

    /// <summary>What the run wrote to stderr after the signal: at most a few lines, ending with the interruption.</summary>
    private static void AssertStoppedCleanly(ChildProcess spigo, int code, int exitCode, string dir)
    {
        Assert.Equal(exitCode, code);
        var lines = spigo.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("spigo: interrupted; no output written", lines[^1].Trim());
        Assert.True(lines.Length < 30, $"{lines.Length} lines on stderr:\n{spigo.Err}");
        Assert.Equal("", spigo.Out);
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir));
    }

    [Fact]
    public async Task SigtermDuringTheSetupOfManyPiratesStopsItAt143()
    {
        var dir = TempDir.Create();
        var spigo = Spigo("-a", "fsm", "-p", "200000", "-d", "0", "-j", "-g", "-o", dir, "--seed", "1");
        Assert.True(await spigo.WaitForErr("fsm: population 200000 pirates", TimeSpan.FromSeconds(60)), spigo.Err);

        spigo.Terminate();

        // The limit is a hang detector, not a timing assertion: stopping takes about a second here.
        AssertStoppedCleanly(spigo, await spigo.WaitAsync(TimeSpan.FromSeconds(30)), 143, dir);
    }

    [Fact]
    public async Task SigtermDuringTheSetupOfALargeArchitectureStopsItWithoutTheFallback()
    {
        var dir = TempDir.Create();
        var file = Path.Combine(TempDir.Create(), "wide.json");
        await File.WriteAllTextAsync(file, """
            { "arch": "wide", "services": [
              { "name": "app", "package": "karyon", "count": 150000, "regions": 1, "dependencies": [] },
              { "name": "lb", "package": "elb", "count": 0, "regions": 1, "dependencies": ["app"] },
              { "name": "www", "package": "denominator", "count": 0, "regions": 0, "dependencies": ["lb"] } ] }
            """);
        var spigo = Spigo("-a", file, "-d", "5", "-j", "-o", dir, "--seed", "1");
        // The registries are set up just before the 150,000 nodes.
        Assert.True(await spigo.WaitForErr("Eureka cross connect", TimeSpan.FromSeconds(60)), spigo.Err);

        spigo.Terminate();

        // The last line is the interruption's own, not the 5-second fallback's "exiting now".
        AssertStoppedCleanly(spigo, await spigo.WaitAsync(TimeSpan.FromSeconds(30)), 143, dir);
    }

    [Fact]
    public async Task SigintDuringTrafficStopsItAt130()
    {
        var dir = TempDir.Create();
        var spigo = Spigo("-a", "netflixoss", "-d", "60", "-j", "-c", "--metrics-port", "0", "-o", dir, "--seed", "1");
        Assert.True(await spigo.WaitForErr("Denominator traffic for", TimeSpan.FromSeconds(60)), spigo.Err);

        spigo.Signal("INT");

        AssertStoppedCleanly(spigo, await spigo.WaitAsync(TimeSpan.FromSeconds(30)), 130, dir);
    }

    [Fact]
    public async Task SigtermBeforeTheSiloHasStartedStopsItToo()
    {
        var dir = TempDir.Create();
        // Without --seed the first line (the seed chosen) comes before the silo starts.
        var spigo = Spigo("-a", "netflixoss", "-d", "60", "-j", "-o", dir);
        Assert.True(await spigo.WaitForErr("spigo: seed", TimeSpan.FromSeconds(60)), spigo.Err);

        spigo.Terminate();

        var code = await spigo.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(143, code);
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir));
    }

    [Fact]
    public async Task AFifoOrADeviceGivenAsInputIsRefusedWithoutBeingOpened()
    {
        var dir = TempDir.Create();
        var fifo = Path.Combine(TempDir.Create(), "arch.json");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", [fifo])) await mkfifo.WaitForExitAsync();
        Assert.True(File.Exists(fifo));

        foreach (var args in new[] { new[] { "-a", fifo }, ["-a", "fsm", "-r", fifo], ["-a", "/dev/zero"], ["-a", "/dev/urandom"] })
        {
            var spigo = Spigo([.. args, "-d", "0", "-j", "-o", dir]);
            var code = await spigo.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(2, code);
            Assert.Equal($"spigo: {args[^1]}: not a regular file (a pipe or a device cannot be read as input)", spigo.Err.Trim());
            Assert.Empty(Directory.EnumerateFileSystemEntries(dir));
        }
    }

    [Fact]
    public async Task SigtermWhileConnectingToAClusterIsAnInterruptionNotAnUnreachableCluster()
    {
        var port = FreePorts.Take(1)[0];
        var spigo = Spigo("-a", "fsm", "-d", "0", "--gateway", $"127.0.0.1:{port}", "--connect-timeout", "60s");
        Assert.True(await spigo.WaitForErr("spigo: seed", TimeSpan.FromSeconds(60)), spigo.Err);

        spigo.Terminate();

        Assert.Equal(143, await spigo.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal("spigo: interrupted; no output written", spigo.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1].Trim());
        Assert.DoesNotContain("cannot reach", spigo.Err);
    }
}
