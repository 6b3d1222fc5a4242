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

    /// <summary>Why the profile could not be written (a full disk, say); the session's stream is drained all the same.</summary>
    private Exception? _failure;

    private CpuProfiler(EventPipeSession session, string temp, string path, CancellationToken interrupted)
    {
        _interrupted = interrupted;
        _session = session;
        _temp = temp;
        _path = path;
        _copy = Task.Run(Copy, CancellationToken.None); // the copy runs until the session stops, interrupted or not
    }

    /// <summary>
    /// Copies the session's stream to the temporary file. If writing fails, the rest of the stream is still read and
    /// dropped: the runtime blocks when nobody reads it, and stopping the session would then never end.
    /// </summary>
    private async Task Copy()
    {
        var buffer = new byte[1 << 16];
        FileStream? file = null;
        try
        {
            file = new FileStream(_temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _failure = e;
        }
        int read;
        while ((read = await _session.EventStream.ReadAsync(buffer)) > 0)
        {
            if (file is null) continue;
            try
            {
                await file.WriteAsync(buffer.AsMemory(0, read));
            }
            catch (IOException e)
            {
                _failure = e;
                file = await Close(file);
            }
        }
        if (file is not null)
        {
            try
            {
                await file.FlushAsync();
            }
            catch (IOException e)
            {
                _failure = e;
            }
            await Close(file);
        }
    }

    private static async Task<FileStream?> Close(FileStream file)
    {
        try
        {
            await file.DisposeAsync();
        }
        catch (IOException)
        {
            // What could not be flushed is lost with the rest; the failure is already known.
        }
        return null;
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
            if (_failure is not null) throw new IOException($"-cpuprofile {_path}: {_failure.Message}", _failure);
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
