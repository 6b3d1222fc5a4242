using System.Diagnostics;
using System.Diagnostics.Metrics;
using Spigo.Gotocol;
using Spigo.Grains.Metrics;

namespace Spigo.Grains.Simulation;

/// <summary>
/// One silo's clock for the pirates' chat: each pirate that was told to Chat ticks at its own interval (0.1–10 s), as
/// in spigo. A grain timer per pirate cannot do that at a million pirates: they ask for ~465,000 ticks a second, every
/// one a turn of the silo, so setup starves and nothing finishes. This clock keeps the pirates on a timing wheel by due
/// time and sends each its tick, with at most <see cref="MaxInFlight"/> ticks on their way at once; a tick that
/// cannot go because the silo is that far behind is dropped and the pirate's next one is an interval later — what Go's
/// time.Ticker, which spigo used, does for a slow receiver. A silo that keeps up drops nothing.
/// </summary>
/// <remarks>
/// A wheel rather than a priority queue: at a million pirates ~200,000 come due a second, nearly all of them dropped,
/// and moving each through a heap of a million took 11-12% of the run's CPU under the clock's lock. On the wheel a due
/// pirate is moved from one slot's list to another's.
/// </remarks>
public sealed class ChatClock : IDisposable
{
    /// <summary>
    /// Ticks sent and not yet finished, at most: chat takes a share of the silo, never all of it. (A million pirates
    /// set up in 42 s with 128, 86 s with 1,024: ticks finish fast, so the cap is also what bounds their rate.)
    /// </summary>
    public const int MaxInFlight = 128;

    /// <summary>How often due ticks are looked for: the resolution of the intervals, and the width of a slot.</summary>
    private static readonly TimeSpan Resolution = TimeSpan.FromMilliseconds(10);
    private static readonly long SlotTicks = (long)(Resolution.TotalSeconds * Stopwatch.Frequency);

    /// <summary>Slots of the wheel: 1,024 of 10 ms span 10.24 s, so the usual interval comes round within one turn.</summary>
    private const int DefaultSlots = 1024;

    private static readonly TimeSpan MaxInterval = TimeSpan.FromDays(365);

    /// <summary>Each slot's pirates, due within that slot's 10 ms of some turn (a longer interval waits for its turn).</summary>
    private readonly List<Chatter>[] _slots;
    private List<Chatter> _spare = [];
    /// <summary>The last slot looked at, as a count of slots since the stopwatch's zero.</summary>
    private long _swept;
    private int _queued;
    private readonly Lock _lock = new();
    private Timer? _timer;
    private int _inFlight;
    private long _sent;
    private long _dropped;
    private bool _disposed;

    public ChatClock(IMeterFactory meterFactory) : this(meterFactory, DefaultSlots)
    {
    }

    /// <param name="meterFactory">Where the tick counters are exported.</param>
    /// <param name="slots">Slots of the wheel (tests use a small one to check that a longer interval waits for its turn).</param>
    internal ChatClock(IMeterFactory meterFactory, int slots)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(slots, 1);
        _slots = new List<Chatter>[slots];
        for (var i = 0; i < slots; i++) _slots[i] = [];
        var meter = meterFactory.Create(SpigoMetrics.MeterName, "1.0");
        meter.CreateObservableCounter("spigo.chat.ticks", () => new[]
        {
            new Measurement<long>(Interlocked.Read(ref _sent), new KeyValuePair<string, object?>("outcome", "sent")),
            new Measurement<long>(Interlocked.Read(ref _dropped), new KeyValuePair<string, object?>("outcome", "dropped")),
        }, "{tick}", "Pirates' chat ticks sent, and dropped because the silo was behind");
    }

    /// <summary>Ticks sent so far.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Ticks dropped so far because <see cref="MaxInFlight"/> were on their way.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Pirates on the clock, including any that left and whose slot has not been swept since.</summary>
    internal int Queued
    {
        get
        {
            lock (_lock) return _queued;
        }
    }

    /// <summary>Starts a pirate's chat: its first tick an interval from now. Keep the result to stop it.</summary>
    public Chatter Join(IPirate pirate, TimeSpan interval)
    {
        // Longer than a year is as good as never, and keeps due times far from overflowing.
        var seconds = Math.Min(interval.TotalSeconds, MaxInterval.TotalSeconds);
        var chatter = new Chatter(pirate, Math.Max(1, (long)(seconds * Stopwatch.Frequency)));
        var now = Stopwatch.GetTimestamp();
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_queued == 0) _swept = now / SlotTicks;
            Place(chatter, now + chatter.Interval);
            _timer ??= new Timer(static clock => ((ChatClock)clock!).Fire(), this, Resolution, Resolution);
        }
        return chatter;
    }

    /// <summary>A tick the pirate has finished (whatever it did with it).</summary>
    public void Finished() => Interlocked.Decrement(ref _inFlight);

    /// <summary>Puts a pirate in the slot of its due time (a slot already swept is looked at again on the next sweep).</summary>
    private void Place(Chatter chatter, long due)
    {
        chatter.Due = due;
        var slot = Math.Max(due / SlotTicks, _swept + 1);
        _slots[(int)(slot % _slots.Length)].Add(chatter);
        _queued++;
    }

    private void Fire()
    {
        var now = Stopwatch.GetTimestamp();
        List<IPirate>? send = null;
        lock (_lock)
        {
            // Every slot since the last sweep, up to the one now is in (a late timer catches up; at most one turn).
            var last = now / SlotTicks;
            var from = Math.Max(_swept + 1, last - _slots.Length + 1);
            for (var slot = from; slot <= last; slot++)
            {
                _swept = slot;
                Sweep((int)(slot % _slots.Length), now, ref send);
            }
            if (_queued == 0)
            {
                // Everyone has left: the timer stops until someone joins.
                _timer?.Dispose();
                _timer = null;
            }
        }
        if (send is null) return;
        Interlocked.Add(ref _sent, send.Count);
        foreach (var pirate in send) _ = pirate.ChatTick();
    }

    /// <summary>Ticks (or drops) the slot's pirates that are due, keeps those due in a later turn, forgets those that left.</summary>
    private void Sweep(int index, long now, ref List<IPirate>? send)
    {
        var taken = _slots[index];
        if (taken.Count == 0) return;
        // The slot's list is swapped for the spare one, so a pirate placed back in this same slot lands in the new list.
        _slots[index] = _spare;
        _queued -= taken.Count;
        foreach (var chatter in taken)
        {
            if (chatter.Left) continue;
            var due = chatter.Due;
            if (due > now)
            {
                Place(chatter, due);
                continue;
            }
            if (Volatile.Read(ref _inFlight) < MaxInFlight)
            {
                Interlocked.Increment(ref _inFlight);
                (send ??= []).Add(chatter.Pirate);
            }
            else
            {
                Interlocked.Increment(ref _dropped);
            }
            // A pirate more than an interval behind skips what it missed, as a Go ticker does.
            var next = due + chatter.Interval;
            Place(chatter, next > now ? next : now + chatter.Interval);
        }
        taken.Clear();
        _spare = taken;
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            _timer?.Dispose();
            foreach (var slot in _slots) slot.Clear();
            _queued = 0;
        }
    }
}
