using System.Collections.Concurrent;
using Spigo.Runs;

namespace Spigo.Grains.Metrics;

/// <summary>
/// The flow log behind -c's &lt;arch&gt;_flow.json in one silo: the request hops its nanoservices of one run received,
/// while the run's gathering is open.
/// </summary>
public sealed class FlowLog
{
    /// <summary>
    /// At most this many hops are kept per run (about 200 bytes each): a full-speed run makes millions. A parent hop is
    /// always recorded before its children are sent, so the cut never leaves a child without its parent.
    /// </summary>
    public const int MaxSpans = 50_000;

    private readonly ConcurrentQueue<FlowSpan> _spans = new();
    private int _count;
    private long _dropped;

    public bool HasRoom => Volatile.Read(ref _count) < MaxSpans;

    public void Record(FlowSpan span)
    {
        if (Interlocked.Increment(ref _count) > MaxSpans)
        {
            Interlocked.Increment(ref _dropped);
            return;
        }
        _spans.Enqueue(span);
    }

    /// <summary>What was kept, oldest first, and how many hops were not.</summary>
    public (List<FlowSpan> Spans, long Dropped) Close() => ([.. _spans], Interlocked.Read(ref _dropped));
}
