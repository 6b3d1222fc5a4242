using Spigo.Client.Output;
using Spigo.Tests.Cli;

namespace Spigo.Tests.Hardening;

/// <summary>Output problems are found before the run; files appear whole or not at all; nothing is written outside -o.</summary>
public class OutputTests
{
    private static void AssertRefused(CliRunner.Outcome outcome, string expected)
    {
        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal($"spigo: {expected}", outcome.Err.Trim());
        Assert.Equal("", outcome.Out);
    }

    [Fact]
    public async Task AnOutputDirectoryThatCannotBeWrittenIsRefusedBeforeTheRun()
    {
        var dir = TempDir.Create();
        var file = Path.Combine(dir, "plain");
        await File.WriteAllTextAsync(file, "x");

        AssertRefused(await CliRunner.Run("-a", "fsm", "-d", "0", "-j", "-o", file), $"-o {file}: is a file, not a directory");
        var inside = await CliRunner.Run("-a", "fsm", "-d", "0", "-j", "-o", Path.Combine(file, "sub"));
        Assert.Equal(2, inside.ExitCode);
        Assert.Equal($"spigo: -o {Path.Combine(file, "sub")}: {file} is a file, not a directory", inside.Err.Trim());
        // /proc is read-only even for root, so this holds wherever the tests run.
        var readOnly = await CliRunner.Run("-a", "fsm", "-d", "0", "-g", "-o", "/proc/spigo-out");
        Assert.Equal(2, readOnly.ExitCode);
        Assert.StartsWith("spigo: -o /proc/spigo-out: cannot write there: ", readOnly.Err.Trim());
        Assert.Equal(["plain"], Directory.EnumerateFileSystemEntries(dir).Select(Path.GetFileName));
    }

    [Fact]
    public async Task TheRootAsOutputDirectoryIsInsideIt()
    {
        // Writing into / is refused for a true reason or done, never said to be "outside -o /".
        var outcome = await CliRunner.Run("-a", "fsm", "-p", "3", "-d", "0", "-j", "-o", "/proc");
        Assert.Equal(2, outcome.ExitCode);
        Assert.DoesNotContain("outside", outcome.Err);
        Assert.StartsWith("spigo: -o /proc: cannot write", outcome.Err.Trim());
    }

    [Fact]
    public async Task AProfileNameTooLongIsRefusedBeforeTheRun()
    {
        var dir = TempDir.Create();
        var profile = Path.Combine(dir, new string('y', 300) + ".nettrace");
        var outcome = await CliRunner.Run("-a", "fsm", "-p", "3", "-d", "0", "-cpuprofile", profile);
        Assert.Equal(2, outcome.ExitCode);
        Assert.EndsWith("cannot write it: The path is too long, or a component of the specified path is too long", outcome.Err.Trim());
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir));
    }

    [Theory]
    [InlineData("-j", "fsm.json")]
    [InlineData("-g", "fsm.graphml")]
    [InlineData("-c", "fsm_flow.json")]
    public async Task AnOutputNameThatIsADirectoryIsRefusedBeforeTheRun(string flag, string name)
    {
        var dir = TempDir.Create();
        Directory.CreateDirectory(Path.Combine(dir, name));

        // With -j -g -c together nothing at all is written: the check covers every output.
        AssertRefused(await CliRunner.Run("-a", "fsm", "-d", "0", "-j", "-g", "-c", "--metrics-port", "0", flag, "-o", dir),
            $"-o {dir}: {Path.Combine(dir, name)} is a directory; cannot write {name} there");
        Assert.Equal([name], Directory.EnumerateFileSystemEntries(dir).Select(Path.GetFileName));
    }

    [Fact]
    public async Task ACpuProfileThatCannotBeWrittenIsRefusedBeforeTheRun()
    {
        var dir = TempDir.Create();
        AssertRefused(await CliRunner.Run("-a", "fsm", "-d", "0", "-cpuprofile", dir), $"-cpuprofile {dir}: is a directory");
        var readOnly = await CliRunner.Run("-a", "fsm", "-d", "0", "-cpuprofile", "/proc/spigo.nettrace");
        Assert.Equal(2, readOnly.ExitCode);
        Assert.StartsWith("spigo: -cpuprofile /proc/spigo.nettrace: cannot write there: ", readOnly.Err.Trim());
        AssertRefused(await CliRunner.Run("-a", "fsm", "-d", "0", "-cpuprofile", ""), "-cpuprofile: needs a file name");
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("a/b")]
    [InlineData("..")]
    public async Task AnArchitectureNameCannotLeadAReloadOutsideTheOutputDirectory(string arch)
    {
        var dir = TempDir.Create();
        var outcome = await CliRunner.Run("-a", arch, "-r", "-j", "-o", dir);
        Assert.Equal(2, outcome.ExitCode);
        Assert.StartsWith($"spigo: -a {arch}: -r without a file needs an architecture name, and this one ", outcome.Err.Trim());
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir));
        Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(Path.GetDirectoryName(dir)!), p => Path.GetFileName(p).StartsWith("escape", StringComparison.Ordinal));
    }

    [Fact]
    public void WhenOneFileOfASetFailsNoneIsWrittenAndNoTemporaryIsLeft()
    {
        var dir = TempDir.Create();
        var json = Path.Combine(dir, "fsm.json");
        var graphml = Path.Combine(dir, "fsm.graphml");

        Assert.Throws<IOException>(() => AtomicFile.WriteAll([
            (json, s => s.Write("{}"u8)),
            (graphml, _ => throw new IOException("No space left on device")),
        ]));

        Assert.Empty(Directory.EnumerateFileSystemEntries(dir));
    }

    [Fact]
    public void APlantedSymlinkIsReplacedNotFollowed()
    {
        var dir = TempDir.Create();
        var victim = Path.Combine(TempDir.Create(), "victim");
        File.WriteAllText(victim, "precious");
        var output = Path.Combine(dir, "fsm.json");
        File.CreateSymbolicLink(output, victim);

        AtomicFile.Write(output, s => s.Write("{}"u8));

        Assert.Equal("precious", File.ReadAllText(victim));
        Assert.Null(new FileInfo(output).LinkTarget);
        Assert.Equal("{}", File.ReadAllText(output));
    }

    [Fact]
    public async Task TemporariesOfAKilledRunAreRemovedAndALiveRunsAreKept()
    {
        var dir = TempDir.Create();
        // A process that has ended: its temporaries are stale.
        using var ended = System.Diagnostics.Process.Start("true")!;
        await ended.WaitForExitAsync();
        var stale = Path.Combine(dir, $".fsm.json.{ended.Id}.00112233aabbccdd.spigo-tmp");
        var live = Path.Combine(dir, $".fsm.json.{Environment.ProcessId}.00112233aabbccdd.spigo-tmp");
        await File.WriteAllTextAsync(stale, "{");
        await File.WriteAllTextAsync(live, "{");

        var outcome = await CliRunner.Run("-a", "fsm", "-p", "10", "-d", "0", "-j", "-o", dir, "--seed", "1");

        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal([".fsm.json." + Environment.ProcessId + ".00112233aabbccdd.spigo-tmp", "fsm.json"],
            Directory.EnumerateFileSystemEntries(dir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task APipeOrDeviceWhereAnOutputGoesIsNeverReplaced()
    {
        var dir = TempDir.Create();
        var fifo = Path.Combine(dir, "fsm.json");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", [fifo])) await mkfifo.WaitForExitAsync();
        AssertRefused(await CliRunner.Run("-a", "fsm", "-d", "0", "-j", "-o", dir),
            $"-o {dir}: {fifo} is a device, a pipe or a socket; it is not replaced by an output file");
        AssertRefused(await CliRunner.Run("-a", "fsm", "-d", "0", "-cpuprofile", fifo),
            $"-cpuprofile {fifo}: is a device, a pipe or a socket; it is not replaced by an output file");
        Assert.Equal(["fsm.json"], Directory.EnumerateFileSystemEntries(dir).Select(Path.GetFileName));
        Assert.False(FileKind.IsRegular(fifo)); // still the pipe
    }

    [Fact]
    public void AnInterruptedWriteLeavesNeitherFileNorTemporary()
    {
        var dir = TempDir.Create();
        using var interrupted = new CancellationTokenSource();
        Assert.Throws<OperationCanceledException>(() => AtomicFile.WriteAll([
            (Path.Combine(dir, "fsm.json"), s =>
            {
                s.Write(new byte[1 << 16]);
                interrupted.Cancel(); // the signal comes halfway through the file
                s.Write(new byte[1 << 16]);
            }),
            (Path.Combine(dir, "fsm.graphml"), s => s.Write("<graphml/>"u8)),
        ], cancellationToken: interrupted.Token));

        Assert.Empty(Directory.EnumerateFileSystemEntries(dir));
    }

    [Theory]
    [InlineData("", "-o: needs a directory name")]
    public async Task AnEmptyOutputDirectoryIsRefused(string dir, string expected) =>
        AssertRefused(await CliRunner.Run("-a", "fsm", "-d", "0", "-j", "-o", dir), expected);
}
