using System.Runtime.InteropServices;

namespace Spigo.Client.Cli;

/// <summary>
/// SIGINT (Ctrl-C) and SIGTERM (timeout, docker stop, a deleted Kubernetes Job) both cancel the run; the exit code
/// says which (130 or 143). If stopping takes longer than <see cref="Grace"/>, or a second signal comes, the
/// process exits at once: a user who asked twice, or an orchestrator's kill timer, must not be kept waiting.
/// </summary>
public sealed class Interruption : IDisposable
{
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(5);

    private readonly CancellationTokenSource _cancel = new();
    private readonly PosixSignalRegistration[] _registrations;
    private readonly TextWriter _stderr;
    private int _signals;

    public Interruption(TextWriter stderr)
    {
        _stderr = stderr;
        _registrations = [PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal), PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal)];
    }

    public CancellationToken Token => _cancel.Token;

    /// <summary>130 after SIGINT, 143 after SIGTERM (128 + the signal's number, as shells report it).</summary>
    public int ExitCode { get; private set; } = SpigoApp.Interrupted;

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        if (Interlocked.Increment(ref _signals) > 1) Exit("spigo: interrupted again; exiting now");
        ExitCode = context.Signal == PosixSignal.SIGTERM ? 143 : SpigoApp.Interrupted;
        _cancel.Cancel();
        _ = Task.Delay(Grace).ContinueWith(_ => Exit($"spigo: interrupted; stopping took longer than {Grace.TotalSeconds:0} s, exiting now"), TaskScheduler.Default);
    }

    private void Exit(string line)
    {
        Output.AtomicFile.RemoveInProgress();
        lock (_stderr) _stderr.WriteLine(line);
        _stderr.Flush();
        ImmediateExit.Now(ExitCode);
    }

    public void Dispose()
    {
        foreach (var registration in _registrations) registration.Dispose();
        _cancel.Dispose();
    }
}
