using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;

namespace Spigo.Client.Cli;

/// <summary>
/// -cpuprofile: samples this process's stacks through EventPipe (the runtime's own profiler) into a .nettrace
/// file, which PerfView opens and <c>dotnet-trace convert --format speedscope</c> turns into a flame graph.
/// </summary>
public sealed class CpuProfiler : IAsyncDisposable
{
    private readonly EventPipeSession _session;
    private readonly string _temp;
    private readonly string _path;
    private readonly Task _copy;

    private readonly CancellationToken _interrupted;

    private CpuProfiler(EventPipeSession session, string temp, string path, CancellationToken interrupted)
    {
        _interrupted = interrupted;
        _session = session;
        _temp = temp;
        _path = path;
        _copy = Task.Run(async () =>
        {
            await using var file = new FileStream(_temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
            await _session.EventStream.CopyToAsync(file);
        }, CancellationToken.None); // the copy runs until the session stops, interrupted or not
    }

    /// <summary>Starts sampling; if <paramref name="interrupted"/> is cancelled by the end, the profile is discarded with the rest of the run's output.</summary>
    public static CpuProfiler Start(string path, CancellationToken interrupted)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var providers = new[]
        {
            new EventPipeProvider("Microsoft-DotNETCore-SampleProfiler", EventLevel.Informational),
            new EventPipeProvider("Microsoft-Windows-DotNETRuntime", EventLevel.Informational, 0x1 /* GC */),
        };
        var session = new DiagnosticsClient(Environment.ProcessId).StartEventPipeSession(providers, requestRundown: true);
        return new CpuProfiler(session, Output.AtomicFile.TempName(full), full, interrupted);
    }

    public async ValueTask DisposeAsync()
    {
        await _session.StopAsync(CancellationToken.None);
        try
        {
            await _copy;
            if (_interrupted.IsCancellationRequested) File.Delete(_temp);
            else File.Move(_temp, _path, overwrite: true);
        }
        catch
        {
            File.Delete(_temp);
            throw;
        }
        finally
        {
            _session.Dispose();
        }
    }
}
