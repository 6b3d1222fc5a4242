using Spigo.Client.Architectures;

namespace Spigo.Client.Experiments;

/// <summary>
/// When to stop a run early: an end-to-end figure beyond a threshold (above or below it) in every second of a span, e.g.
/// error share over 50% for 10 s. Only whole seconds count, and each second's figure over the requests sent in it.
/// </summary>
public sealed record AbortCondition(Figure Figure, bool Above, double Threshold, TimeSpan For, Mark At)
{
    /// <summary>The reason to stop, when the last <see cref="For"/> complete seconds were all beyond the threshold; else null.</summary>
    public string? Reason(IReadOnlyList<SecondOfTraffic> timeline)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(For.TotalSeconds));
        // The newest second is still filling; the one before it is the last complete one.
        var last = timeline.Count - 2;
        if (last + 1 < seconds) return null;
        for (var s = last - seconds + 1; s <= last; s++)
        {
            if (Figure.Over(timeline, s, s + 1) is not { } value || (Above ? value <= Threshold : value >= Threshold)) return null;
        }
        return $"{Statement} (seconds {last - seconds + 1}–{last + 1} of the traffic)";
    }

    public string Statement => $"{Figure.Name} {(Above ? "over" : "under")} {Figure.Format(Threshold)} for {Gotocol.GoDuration.Format(For)}";
}
