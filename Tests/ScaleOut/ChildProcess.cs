using System.Diagnostics;
using System.Text;

namespace Spigo.Tests.ScaleOut;

/// <summary>A dotnet program the test starts, with its output captured; disposing kills it and all its children.</summary>
internal sealed class ChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _out = new();
    private readonly StringBuilder _err = new();

    public ChildProcess(string assembly, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
        : this(DotnetStart(assembly, args, environment))
    {
    }

    /// <summary>Any program, e.g. a server from Debian's packages that a test talks to.</summary>
    public ChildProcess(ProcessStartInfo start)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_out) _out.AppendLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_err) _err.AppendLine(e.Data); };
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    private static ProcessStartInfo DotnetStart(string assembly, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = AppContext.BaseDirectory };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, assembly));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        return start;
    }

    public int Id => _process.Id;
    public bool HasExited => _process.HasExited;
    public int ExitCode => _process.ExitCode;

    public string Out
    {
        get { lock (_out) return _out.ToString(); }
    }

    public string Err
    {
        get { lock (_err) return _err.ToString(); }
    }

    /// <summary>Waits for the exit, failing the test (and killing the process) when it takes longer than allowed.</summary>
    public async Task<int> WaitAsync(TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Dispose();
            Assert.Fail($"{_process.StartInfo.ArgumentList[0]} did not exit within {limit.TotalSeconds:0}s.\nstdout:\n{Out}\nstderr:\n{Err}");
        }
        _process.WaitForExit(); // drains the redirected output
        return _process.ExitCode;
    }

    /// <summary>SIGKILL: the process gets no chance to leave its cluster.</summary>
    public void KillNow()
    {
        _process.Kill();
        _process.WaitForExit();
    }

    /// <summary>SIGTERM, as Kubernetes and docker stop send it.</summary>
    public void Terminate() => Signal("TERM");

    /// <summary>Any signal by name (INT is what Ctrl-C sends), to this process by its id.</summary>
    public void Signal(string name) => Process.Start("kill", [$"-{name}", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();

    /// <summary>Waits until the process has written <paramref name="text"/> to stderr (or exited, or the limit passed).</summary>
    public Task<bool> WaitForErr(string text, TimeSpan limit) => WaitFor(() => Err, text, limit);

    /// <summary>Waits until the process has written <paramref name="text"/> to stdout (or exited, or the limit passed).</summary>
    public Task<bool> WaitForOut(string text, TimeSpan limit) => WaitFor(() => Out, text, limit);

    private async Task<bool> WaitFor(Func<string> output, string text, TimeSpan limit)
    {
        await Eventually.Within(limit, () => _process.HasExited || output().Contains(text, StringComparison.Ordinal));
        return output().Contains(text, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        _process.Dispose();
    }
}
