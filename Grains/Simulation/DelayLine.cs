using System.Diagnostics;
using Spigo.Gotocol;

namespace Spigo.Grains.Simulation;

/// <summary>
/// One silo's line of messages held back for a time: a service's time over a request and the network between two
/// nanoservices are real waits, but no thread and no grain turn waits them. A message is queued by the time it is due
/// and one timer, armed for the earliest, sends what has come due. The timer's resolution (about a millisecond) is
/// the resolution of every delay. A message with no delay never comes here.
/// </summary>
public sealed class DelayLine : IDisposable
{
    private readonly PriorityQueue<(IGotocolListener Target, GotocolMessage Message), long> _due = new();
    private readonly Lock _lock = new();
    private readonly Timer _timer;
    private long _armedFor = long.MaxValue;
    private bool _disposed;

    public DelayLine() => _timer = new Timer(static line => ((DelayLine)line!).Fire(), this, Timeout.Infinite, Timeout.Infinite);

    /// <summary>Sends <paramref name="message"/> to <paramref name="target"/> once <paramref name="delay"/> has passed.</summary>
    public void Send(IGotocolListener target, GotocolMessage message, TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            _ = target.Listen(message);
            return;
        }
        var due = Stopwatch.GetTimestamp() + (long)(delay.TotalSeconds * Stopwatch.Frequency);
        lock (_lock)
        {
            if (_disposed) return;
            _due.Enqueue((target, message), due);
            if (due < _armedFor) Arm(due);
        }
    }

    private void Arm(long due)
    {
        _armedFor = due;
        // A timer fires about a millisecond after the time asked (whole milliseconds, then the timer thread's wake-up).
        // Armed that much early, and sending what is due within that much of its firing, every delay keeps its length
        // on average instead of growing by it, and the timer does not spin on the last millisecond.
        var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due) - Lead;
        _timer.Change(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
    }

    private static readonly TimeSpan Lead = TimeSpan.FromMilliseconds(1);
    private static readonly long LeadTicks = (long)(Lead.TotalSeconds * Stopwatch.Frequency);

    private void Fire()
    {
        List<(IGotocolListener Target, GotocolMessage Message)> send = [];
        lock (_lock)
        {
            if (_disposed) return;
            var now = Stopwatch.GetTimestamp();
            while (_due.TryPeek(out var item, out var due) && due <= now + LeadTicks)
            {
                _due.Dequeue();
                send.Add(item);
            }
            _armedFor = long.MaxValue;
            if (_due.TryPeek(out _, out var next)) Arm(next);
        }
        foreach (var (target, message) in send) _ = target.Listen(message);
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            _due.Clear();
        }
        _timer.Dispose();
    }
}
