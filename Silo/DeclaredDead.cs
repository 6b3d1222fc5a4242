namespace Spigo.Silo;

/// <summary>
/// What ends the silo when Orleans meets a fatal error — above all, learning that the cluster declared it dead (it was
/// paused, or cut off from the others, for longer than failure detection waits, and they took its grains over). Orleans'
/// own handler ends the process with <see cref="Environment.FailFast(string)"/>: SIGABRT and a stack trace. spigo-silo
/// says in one line what happened and exits 1 at once, like a silo whose table was wiped, for its supervisor to start
/// it afresh; a silo that stays up after being declared dead would serve grains the others have activated again.
/// </summary>
public sealed partial class DeclaredDead(ILogger<DeclaredDead> logger) : IFatalErrorHandler
{
    /// <summary>Every exception that reaches the runtime's last handlers is unexpected, as in Orleans' own handler.</summary>
    public bool IsUnexpected(Exception exception) => true;

    public void OnFatalException(object? sender = null, string? context = null, Exception? exception = null)
    {
        // Orleans says it in words, not in a public type: its membership "kills itself" when its row reads Dead.
        var said = $"{context} {exception?.Message}";
        var dead = said.Contains("dead", StringComparison.OrdinalIgnoreCase) || said.Contains("KillMyself", StringComparison.OrdinalIgnoreCase);
        var line = dead
            ? "the cluster declared this silo dead (it answered no probe for longer than failure detection waits: paused, or cut off from the other silos; or its row was marked dead by hand); its grains live elsewhere now"
            : $"fatal error{(context is null ? "" : $" in {context}")}: {exception?.GetType().Name}: {Spigo.CommandLine.OneLine.Of(exception?.Message ?? "")}";
        Fatal(logger, line);
        Console.Error.WriteLine($"spigo-silo: {line}; exiting");
        Console.Error.Flush();
        MembershipWatch.ExitNow(1);
    }

    [LoggerMessage(EventId = 10, Level = LogLevel.Critical, Message = "{Line}")]
    private static partial void Fatal(ILogger logger, string line);
}
