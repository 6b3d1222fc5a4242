using System.Diagnostics;
using System.Diagnostics.Metrics;
using Spigo.Gotocol;

namespace Spigo.Grains.Hosting;

/// <summary>
/// One silo's clock for the pirates' chat: each pirate that was told to Chat ticks at its own interval (0.1–10 s), as
/// in spigo. A grain timer per pirate cannot do that at a million pirates: they ask for ~465,000 ticks a second, every
/// one a turn of the silo, so setup starves and nothing finishes. This clock keeps the pirates in one queue by due
/// time and sends each its tick, with at most <see cref="MaxInFlight"/> ticks on their way at once; a tick that
/// cannot go because the silo is that far behind is dropped and the pirate's next one is an interval later — what Go's
/// time.Ticker, which spigo used, does for a slow receiver. A silo that keeps up drops nothing.
/// </summary>
public sealed class ChatClock : IDisposable
{
    /// <summary>
    /// Ticks sent and not yet finished, at most: chat takes a share of the silo, never all of it. (A million pirates
    /// set up in 42 s with 128, 86 s with 1,024: ticks finish fast, so the cap is also what bounds their rate.)
    /// </summary>
    public const int MaxInFlight = 128;

    /// <summary>How often due ticks are looked for: the resolution of the intervals.</summary>
    private static readonly TimeSpan Resolution = TimeSpan.FromMilliseconds(10);

    private readonly PriorityQueue<Chatter, long> _due = new();
    private readonly Lock _lock = new();
    private Timer? _timer;
    private int _inFlight;
    private long _sent;
    private long _dropped;
    private bool _disposed;

    public ChatClock(IMeterFactory meterFactory)
    {
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

    /// <summary>Pirates on the clock, including any that left and have not come due since.</summary>
    internal int Queued
    {
        get
        {
            lock (_lock) return _due.Count;
        }
    }

    /// <summary>Starts a pirate's chat: its first tick an interval from now. Keep the result to stop it.</summary>
    public Chatter Join(IPirate pirate, TimeSpan interval)
    {
        var chatter = new Chatter(pirate, Math.Max(1, (long)(interval.TotalSeconds * Stopwatch.Frequency)));
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _due.Enqueue(chatter, Stopwatch.GetTimestamp() + chatter.Interval);
            _timer ??= new Timer(static clock => ((ChatClock)clock!).Fire(), this, Resolution, Resolution);
        }
        return chatter;
    }

    /// <summary>A tick the pirate has finished (whatever it did with it).</summary>
    public void Finished() => Interlocked.Decrement(ref _inFlight);

    private void Fire()
    {
        var now = Stopwatch.GetTimestamp();
        List<IPirate>? send = null;
        lock (_lock)
        {
            while (_due.TryPeek(out var chatter, out var due) && due <= now)
            {
                _due.Dequeue();
                if (chatter.Left) continue;
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
                _due.Enqueue(chatter, next > now ? next : now + chatter.Interval);
            }
            if (_due.Count == 0)
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

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            _timer?.Dispose();
            _due.Clear();
        }
    }
}
