using System.Collections.Concurrent;

namespace Spigo.Grains.Hosting;

/// <summary>
/// The flow log behind -c's &lt;arch&gt;_flow.json: every request hop received by a nanoservice in this process,
/// recorded only while <see cref="Enabled"/> (spigo's embedded silo turns it on for -c).
/// </summary>
public static class FlowLog
{
    private static readonly ConcurrentQueue<FlowSpan> Spans = new();
    private static volatile bool _enabled;

    public static bool Enabled
    {
        get => _enabled;
        set => _enabled = value;
    }

    public static void Record(FlowSpan span) => Spans.Enqueue(span);

    /// <summary>Takes every span recorded so far, oldest first.</summary>
    public static List<FlowSpan> Drain()
    {
        var spans = new List<FlowSpan>();
        while (Spans.TryDequeue(out var span)) spans.Add(span);
        return spans;
    }
}
