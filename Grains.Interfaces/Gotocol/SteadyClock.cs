using System.Diagnostics;

namespace Spigo.Gotocol;

/// <summary>
/// The time every part of a run reads: the host's time, advanced by the process's monotonic clock, that follows a step
/// of the host's clock (NTP stepping it, an operator setting it, a VM restored from a snapshot) by slewing towards it
/// at most 1% faster or slower, as NTP's adjtime does, instead of jumping. It never goes back, and no interval it
/// measures is off by more than 1%: deadlines, timeouts, response times, Edda's timestamps and Orleans' own timers and
/// grain collection (the silo and the client register it as their <see cref="TimeProvider"/>) survive the step, and
/// processes agree again once the slew has made up the step (a second's step in 100 s; an hour's in 100 hours).
/// </summary>
public sealed class SteadyClock : TimeProvider
{
    /// <summary>The most the clock runs fast or slow while it makes up a step of the host's clock.</summary>
    public const double MaxSlew = 0.01;

    /// <summary>How soon the slew aims to make up an offset (it is bounded by <see cref="MaxSlew"/>).</summary>
    private static readonly TimeSpan Horizon = TimeSpan.FromSeconds(10);

    private static readonly long Period = Stopwatch.Frequency; // the slew is chosen again every second

    private Segment _segment = new(Stopwatch.GetTimestamp(), DateTime.UtcNow.Ticks, 0, 0);

    private SteadyClock()
    {
    }

    public static SteadyClock Instance { get; } = new();

    /// <summary>Now, in UTC, on the steady clock.</summary>
    public static DateTime UtcNow => Instance.Now();

    public override DateTimeOffset GetUtcNow() => new(Now(), TimeSpan.Zero);

    private DateTime Now()
    {
        var now = Stopwatch.GetTimestamp();
        var segment = Volatile.Read(ref _segment);
        if (now - segment.Start >= Period) segment = Next(segment, now);
        return new DateTime(segment.TicksAt(now), DateTimeKind.Utc);
    }

    /// <summary>
    /// A new piece of the clock from <paramref name="now"/>: it starts where the last one has got to (so the clock
    /// neither jumps nor goes back) and runs at the rate that makes up the offset from the host's clock.
    /// </summary>
    private Segment Next(Segment last, long now)
    {
        var at = last.TicksAt(now);
        var offset = DateTime.UtcNow.Ticks - at;
        var slew = Math.Clamp(offset / (double)Horizon.Ticks, -MaxSlew, MaxSlew);
        var next = new Segment(now, at, slew, offset);
        // Another thread may have moved on first: its piece is as good, and is used.
        var seen = Interlocked.CompareExchange(ref _segment, next, last);
        return ReferenceEquals(seen, last) ? next : seen;
    }

    /// <summary>
    /// From <see cref="Start"/> (a monotonic timestamp) the clock reads <see cref="Ticks"/> and runs at 1 +
    /// <see cref="Slew"/> until it has made up <see cref="Offset"/>, then at 1 (a piece the clock is not read in for a
    /// long time does not overshoot).
    /// </summary>
    private sealed record Segment(long Start, long Ticks, double Slew, long Offset)
    {
        private static readonly double TicksPerTimestamp = TimeSpan.TicksPerSecond / (double)Stopwatch.Frequency;

        public long TicksAt(long timestamp)
        {
            var elapsed = (long)((timestamp - Start) * TicksPerTimestamp);
            var made = (long)(elapsed * Slew);
            return Ticks + elapsed + (Offset >= 0 ? Math.Min(made, Offset) : Math.Max(made, Offset));
        }
    }
}
