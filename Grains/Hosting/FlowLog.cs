using Spigo.Runs;
using System.Collections.Concurrent;

namespace Spigo.Grains.Hosting;

/// <summary>
/// The flow log behind -c's &lt;arch&gt;_flow.json: the request hops received by the nanoservices of an architecture in
/// this process, recorded only while that architecture's log is open (spigo's embedded silo opens it for -c).
/// </summary>
public static class FlowLog
{
    /// <summary>
    /// At most this many hops are kept per run (about 200 bytes each): a full-speed run makes millions. A parent hop is
    /// always recorded before its children are sent, so the cut never leaves a child without its parent.
    /// </summary>
    public const int MaxSpans = 50_000;

    private static readonly ConcurrentDictionary<string, FlowBook> Books = new(StringComparer.Ordinal);
    private static volatile int _open;

    /// <summary>Starts recording the hops of <paramref name="arch"/>'s nanoservices.</summary>
    public static void Open(string arch)
    {
        Books[arch] = new FlowBook();
        Interlocked.Increment(ref _open);
    }

    /// <summary>Stops recording for <paramref name="arch"/> and hands over what was kept, oldest first.</summary>
    public static (List<FlowSpan> Spans, long Dropped) Close(string arch)
    {
        if (!Books.TryRemove(arch, out var book)) return ([], 0);
        Interlocked.Decrement(ref _open);
        return ([.. book.Spans], book.Dropped);
    }

    /// <summary>Whether a hop of <paramref name="arch"/> would still be kept: checked before the hop's names are worked out.</summary>
    public static bool Wanted(string arch) => _open > 0 && Books.TryGetValue(arch, out var book) && book.HasRoom;

    public static void Record(string arch, FlowSpan span)
    {
        if (Books.TryGetValue(arch, out var book)) book.Add(span);
    }

    private sealed class FlowBook
    {
        private int _count;
        private long _dropped;

        public ConcurrentQueue<FlowSpan> Spans { get; } = new();
        public long Dropped => Interlocked.Read(ref _dropped);
        public bool HasRoom => Volatile.Read(ref _count) < MaxSpans;

        public void Add(FlowSpan span)
        {
            if (Interlocked.Increment(ref _count) > MaxSpans)
            {
                Interlocked.Increment(ref _dropped);
                return;
            }
            Spans.Enqueue(span);
        }
    }
}
