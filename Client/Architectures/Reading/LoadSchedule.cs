using System.Globalization;
using Spigo.Client.Output;
using Spigo.Gotocol;
using Spigo.Load;

namespace Spigo.Client.Architectures;

/// <summary>
/// The Denominator's offered rate over time (--load): a constant ("200/s"), a piecewise-linear schedule of points
/// ("100/s@0s,800/s@30s,800/s@60s,100/s@90s": before the first point its rate, after the last the last) or a CSV file
/// of "second,rate" rows (a real day's traffic shape). Requests are offered open loop: when due, whether or not earlier
/// ones were answered.
/// </summary>
public sealed class LoadSchedule
{
    /// <summary>The highest rate a schedule may ask for; the in-flight cap bounds the work whatever the rate.</summary>
    public const double MaxRate = 1_000_000;

    private const int MaxPoints = 100_000;

    private LoadSchedule(RateCurve curve) => Curve = curve;

    /// <summary>The rate over time, as the silos' load generators follow it.</summary>
    public RateCurve Curve { get; }

    /// <summary>The highest rate of the schedule.</summary>
    public double Peak => Curve.Peak;

    /// <inheritdoc cref="RateCurve.RateAt"/>
    public double RateAt(double second) => Curve.RateAt(second);

    /// <summary>Parses --load (or an architecture file's "load"); <paramref name="what"/> names it in an error.</summary>
    public static LoadSchedule Parse(string text, string what)
    {
        if (text.EndsWith(".csv", StringComparison.OrdinalIgnoreCase)) return FromCsv(text, what);
        var points = new List<(double, double)>();
        foreach (var part in text.Split(','))
        {
            var at = part.IndexOf('@', StringComparison.Ordinal);
            var rate = Rate(at < 0 ? part : part[..at], what);
            var second = 0.0;
            if (at >= 0)
            {
                if (!GoDuration.TryParse(part[(at + 1)..], out var when) || when < TimeSpan.Zero)
                {
                    throw new ArchitectureException($"{what}: \"{part[(at + 1)..]}\" is not a time (e.g. 30s)");
                }
                second = when.TotalSeconds;
            }
            else if (text.Contains(',', StringComparison.Ordinal))
            {
                throw new ArchitectureException($"{what}: \"{part}\" has no time; a schedule is RATE@TIME,RATE@TIME,…, e.g. 100/s@0s,800/s@30s");
            }
            points.Add((second, rate));
        }
        return Checked(points, what);
    }

    private static LoadSchedule FromCsv(string path, string what)
    {
        var points = new List<(double, double)>();
        var line = 0;
        var bytes = InputFile.Read(path, InputFile.ArchitectureLimit, message => new ArchitectureException($"{what} {message}"));
        foreach (var row in System.Text.Encoding.UTF8.GetString(bytes).Split('\n').Select(r => r.TrimEnd('\r')))
        {
            line++;
            if (row.Length == 0 || (line == 1 && !char.IsAsciiDigit(row[0]))) continue; // a header
            var cells = row.Split(',');
            if (cells.Length != 2 || !PlainNumber.TryParse(cells[0].Trim(), out var second))
            {
                throw new ArchitectureException($"{what} {path}:{line}: expected \"second,rate\", e.g. 30,800");
            }
            points.Add((second, Rate(cells[1].Trim(), $"{what} {path}:{line}")));
            if (points.Count > MaxPoints) throw new ArchitectureException($"{what} {path}: more than {MaxPoints} rows");
        }
        return Checked(points, $"{what} {path}");
    }

    private static double Rate(string text, string what)
    {
        var number = text.EndsWith("/s", StringComparison.Ordinal) ? text[..^2] : text;
        if (!PlainNumber.TryParse(number, out var rate) || rate > MaxRate)
        {
            throw new ArchitectureException($"{what}: \"{text}\" is not a rate: expected requests a second from 0 to {MaxRate:0}, e.g. 200/s");
        }
        return rate;
    }

    private static LoadSchedule Checked(List<(double Second, double Rate)> points, string what)
    {
        if (points.Count == 0) throw new ArchitectureException($"{what}: no rate");
        for (var i = 1; i < points.Count; i++)
        {
            if (points[i].Second < points[i - 1].Second)
            {
                throw new ArchitectureException($"{what}: the schedule goes back in time at its point {i + 1} ({points[i].Second}s after {points[i - 1].Second}s)");
            }
        }
        if (points.All(p => p.Rate == 0)) throw new ArchitectureException($"{what}: every rate is 0; nothing would be offered");
        return new LoadSchedule(new RateCurve([.. points.Select(p => p.Second)], [.. points.Select(p => p.Rate)]));
    }

    public override string ToString() => Curve.Rates.Length == 1
        ? string.Create(CultureInfo.InvariantCulture, $"{Curve.Rates[0]}/s")
        : string.Join(",", Curve.Rates.Select((rate, i) => string.Create(CultureInfo.InvariantCulture, $"{rate}/s@{Curve.Seconds[i]}s")));
}
