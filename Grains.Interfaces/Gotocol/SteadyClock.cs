using System.Diagnostics;

namespace Spigo.Gotocol;

/// <summary>
/// The time every part of a run reads: the wall-clock time when the process first asked, advanced by the process's
/// monotonic clock. A step of the host's clock after that (NTP stepping it, an operator setting it, a VM restored from
/// a snapshot) moves none of a run's deadlines, timeouts, response times, Edda's timestamps or Orleans' own timers and
/// grain collection (the silo and the client register it as their <see cref="TimeProvider"/>); the host clock's slow
/// corrections, which the monotonic clock shares, still apply. Processes agree only as well as their clocks did when
/// they started.
/// </summary>
public sealed class SteadyClock : TimeProvider
{
    private readonly DateTimeOffset _origin = DateTimeOffset.UtcNow;
    private readonly long _start = Stopwatch.GetTimestamp();

    private SteadyClock()
    {
    }

    public static SteadyClock Instance { get; } = new();

    /// <summary>Now, in UTC, on the steady clock.</summary>
    public static DateTime UtcNow => Instance.GetUtcNow().UtcDateTime;

    public override DateTimeOffset GetUtcNow() => _origin + Stopwatch.GetElapsedTime(_start);
}
