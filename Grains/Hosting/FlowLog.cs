using System.Collections.Concurrent;

namespace Spigo.Grains.Hosting;

/// <summary>
/// The flow log behind -c's &lt;arch&gt;_flow.json: every request hop received by a nanoservice in this process,
/// recorded only while <see cref="Enabled"/> (spigo's embedded silo turns it on for -c).
/// </summary>
public static class FlowLog
{
    /// <summary>
    /// At most this many hops are kept (about 200 bytes each): a full-speed run makes millions. A parent hop is
    /// always recorded before its children are sent, so the cut never leaves a child without its parent.
    /// </summary>
    public const int MaxSpans = 50_000;

    private static readonly ConcurrentQueue<FlowSpan> Spans = new();
    private static volatile bool _enabled;
    private static int _count;
    private static long _dropped;

    /// <summary>Hops not kept because <see cref="MaxSpans"/> was reached, since the last <see cref="Drain"/>.</summary>
    public static long Dropped => Interlocked.Read(ref _dropped);

    public static bool Enabled
    {
        get => _enabled;
        set => _enabled = value;
    }

    /// <summary>Whether a hop would still be kept: checked before a hop's names are worked out.</summary>
    public static bool Wanted => _enabled && Volatile.Read(ref _count) < MaxSpans;

    public static void Record(FlowSpan span)
    {
        // A plain read first: once the log is full, hops no longer fight over one counter.
        if (Volatile.Read(ref _count) >= MaxSpans || Interlocked.Increment(ref _count) > MaxSpans)
        {
            Interlocked.Increment(ref _dropped);
            return;
        }
        Spans.Enqueue(span);
    }

    /// <summary>Takes every span recorded so far, oldest first.</summary>
    public static List<FlowSpan> Drain()
    {
        var spans = new List<FlowSpan>();
        while (Spans.TryDequeue(out var span)) spans.Add(span);
        Interlocked.Exchange(ref _count, 0);
        Interlocked.Exchange(ref _dropped, 0);
        return spans;
    }
}
