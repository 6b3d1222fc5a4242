using System.Diagnostics;
using Spigo.Tests.ScaleOut;

namespace Spigo.Tests.Hardening;

/// <summary>
/// spigo and spigo-silo started with standard output or error closed: one line on the other, exit 2, nothing written,
/// instead of a run that fails at its summary or a runtime that aborts.
/// </summary>
public sealed class StandardStreamTests : ProcessTests
{
    /// <summary>Starts a program of this project through a shell that closes one of its streams first.</summary>
    private ChildProcess StartClosed(string assembly, string redirect, params string[] args)
    {
        var start = new ProcessStartInfo("bash") { WorkingDirectory = AppContext.BaseDirectory };
        start.ArgumentList.Add("-c");
        // "$@" keeps every argument whole; exec leaves bash out of the process tree the test ends.
        start.ArgumentList.Add($"exec dotnet \"$0\" \"$@\" {redirect}");
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, assembly));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        return Track(new ChildProcess(start));
    }

    [Theory]
    [InlineData(">&-", "output")]
    [InlineData("2>&-", "error")]
    public async Task SpigoWithAClosedStreamSaysSoOnTheOtherAndWritesNothing(string redirect, string closed)
    {
        var dir = TempDir.Create();
        var spigo = StartClosed("spigo.dll", redirect, "-a", "fsm", "-p", "10", "-d", "0", "-j", "-o", dir);
        Assert.Equal(2, await spigo.WaitAsync(TimeSpan.FromSeconds(60)));
        var other = closed == "output" ? spigo.Err : spigo.Out;
        Assert.Equal($"spigo: standard {closed} is closed; send it to /dev/null to discard it", other.Trim());
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir));
    }

    [Fact]
    public async Task SpigoSiloWithAClosedStreamSaysSo()
    {
        var silo = StartClosed("spigo-silo.dll", ">&-");
        Assert.Equal(2, await silo.WaitAsync(TimeSpan.FromSeconds(60)));
        Assert.Equal("spigo-silo: standard output is closed; send it to /dev/null to discard it", silo.Err.Trim());
    }
}
