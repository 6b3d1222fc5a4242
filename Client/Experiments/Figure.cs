using Spigo.Client.Architectures;
using Spigo.Runs;

namespace Spigo.Client.Experiments;

/// <summary>
/// A figure a hypothesis checks or an abort condition watches: end to end (the Denominator's requests, counted in the
/// second they were sent) or, for <see cref="Utilization"/> and <see cref="Refused"/>, at one service's instances.
/// </summary>
public sealed record Figure(string Name, FigureKind Kind, string Meaning)
{
    public static readonly Figure AnsweredShare = new("answered-share", FigureKind.Share, "share of the offered requests answered");
    public static readonly Figure AnsweredPerSecond = new("answered-per-second", FigureKind.Rate, "requests answered per second");
    public static readonly Figure ErrorShare = new("error-share", FigureKind.Share, "share of the offered requests that failed or timed out");
    public static readonly Figure RejectedShare = new("rejected-share", FigureKind.Share, "share of the offered requests an overloaded instance refused");
    public static readonly Figure P50 = new("p50", FigureKind.Latency, "median response time of the answered requests");
    public static readonly Figure P95 = new("p95", FigureKind.Latency, "95th percentile response time");
    public static readonly Figure P99 = new("p99", FigureKind.Latency, "99th percentile response time");
    public static readonly Figure Utilization = new("utilization", FigureKind.Share, "busy share of a service's workers over the run");
    public static readonly Figure Refused = new("refused-share", FigureKind.Share, "share of a service's arrivals its full queues refused over the run");

    public static readonly IReadOnlyList<Figure> All = [AnsweredShare, AnsweredPerSecond, ErrorShare, RejectedShare, P50, P95, P99, Utilization, Refused];

    /// <summary>A figure of one service's workers, over the whole run: it needs a service with a capacity.</summary>
    public bool OfService => this == Utilization || this == Refused;

    public static Figure? Find(string name) => All.FirstOrDefault(f => f.Name == name);

    /// <summary>The figure over a span of seconds of the timeline [from, to); null when the span saw nothing to measure.</summary>
    public double? Over(IReadOnlyList<SecondOfTraffic> timeline, int from, int to)
    {
        var span = timeline.Skip(Math.Max(0, from)).Take(Math.Max(0, Math.Min(to, timeline.Count) - Math.Max(0, from))).ToList();
        if (span.Count == 0) return null;
        long sent = span.Sum(s => s.Sent), answered = span.Sum(s => s.Answered);
        return Name switch
        {
            "answered-share" => sent > 0 ? (double)answered / sent : null,
            "answered-per-second" => (double)answered / span.Count,
            "error-share" => sent > 0 ? (double)span.Sum(s => s.Failed) / sent : null,
            "rejected-share" => sent > 0 ? (double)span.Sum(s => s.Overloaded) / sent : null,
            "p50" => Percentile(span, 50),
            "p95" => Percentile(span, 95),
            "p99" => Percentile(span, 99),
            _ => null,
        };
    }

    /// <summary>The figure in each second of [from, to) that has something to measure: the samples two arms are compared on.</summary>
    public IEnumerable<double> PerSecond(IReadOnlyList<SecondOfTraffic> timeline, int from, int to)
    {
        for (var s = Math.Max(0, from); s < Math.Min(to, timeline.Count); s++)
        {
            if (Over(timeline, s, s + 1) is { } value) yield return value;
        }
    }

    /// <summary>The figure of one service over the run, from its workers in every zone.</summary>
    public double? OfWorkers(IEnumerable<WorkerShare> workers)
    {
        var zones = workers.ToList();
        if (zones.Count == 0) return null;
        if (this == Utilization)
        {
            var workerSeconds = zones.Sum(w => w.WorkerSeconds);
            return workerSeconds > 0 ? zones.Sum(w => w.BusySeconds) / workerSeconds : null;
        }
        var arrived = zones.Sum(w => w.Admitted + w.Refused);
        return arrived > 0 ? (double)zones.Sum(w => w.Refused) / arrived : null;
    }

    private static double? Percentile(List<SecondOfTraffic> span, double percent)
    {
        var histogram = new LatencyHistogram();
        foreach (var s in span) histogram.Add(s.Latencies ?? []);
        return histogram.Count > 0 ? histogram.Percentile(percent) : null;
    }

    /// <summary>A value of this figure as people read it: 99.5%, 120.0/s, 35.2ms.</summary>
    public string Format(double value) => Kind switch
    {
        FigureKind.Share => $"{value * 100:0.##}%",
        FigureKind.Rate => $"{value:0.#}/s",
        _ => value >= 1 ? $"{value:0.###}s" : value >= 1e-3 ? $"{value * 1e3:0.##}ms" : $"{value * 1e6:0.#}us",
    };

    /// <summary>A threshold as written in a file: 99%, 0.99 or 99.5% for shares, 120 or 120/s for rates, a Go duration for times.</summary>
    public bool TryParseThreshold(string text, out double value, out string error)
    {
        error = "";
        value = 0;
        var trimmed = text.Trim();
        switch (Kind)
        {
            case FigureKind.Share:
                var percent = trimmed.EndsWith('%');
                if (!double.TryParse(percent ? trimmed[..^1] : trimmed, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out value)
                    || !double.IsFinite(value) || (percent ? value is < 0 or > 100 : value is < 0 or > 1))
                {
                    error = $"\"{text}\" is not a share (e.g. 99.5% or 0.995)";
                    return false;
                }
                if (percent) value /= 100;
                return true;
            case FigureKind.Rate:
                var rate = trimmed.EndsWith("/s", StringComparison.Ordinal) ? trimmed[..^2] : trimmed;
                if (!double.TryParse(rate, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out value) || !double.IsFinite(value) || value < 0)
                {
                    error = $"\"{text}\" is not a rate (e.g. 120/s)";
                    return false;
                }
                return true;
            default:
                if (!Gotocol.GoDuration.TryParse(trimmed, out var time) || time < TimeSpan.Zero)
                {
                    error = $"\"{text}\" is not a duration (e.g. 200ms)";
                    return false;
                }
                value = time.TotalSeconds;
                return true;
        }
    }
}
