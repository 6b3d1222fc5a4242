namespace Spigo.Tests.ScaleOut;

/// <summary>Tests that start real processes: each one a test starts is ended, by its id, when the test is done.</summary>
public abstract class ProcessTests : IDisposable
{
    private readonly List<ChildProcess> _started = [];

    /// <summary>Ends <paramref name="process"/> with the test.</summary>
    internal ChildProcess Track(ChildProcess process)
    {
        _started.Add(process);
        return process;
    }

    /// <summary>Starts one of this project's programs (spigo.dll, spigo-silo.dll), ended with the test.</summary>
    internal ChildProcess Start(string assembly, params string[] args) => Track(new ChildProcess(assembly, args));

    public void Dispose()
    {
        foreach (var process in _started) process.Dispose();
        GC.SuppressFinalize(this);
    }
}
