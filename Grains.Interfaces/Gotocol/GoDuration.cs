using System.Globalization;

namespace Spigo.Gotocol;

/// <summary>Durations written as Go writes them (<c>1s</c>, <c>500ms</c>, <c>18.9us</c>, <c>1m30s</c>), as spigo's flags and logs do.</summary>
public static class GoDuration
{
    private static readonly (string Unit, double Seconds)[] Units =
        [("ns", 1e-9), ("us", 1e-6), ("µs", 1e-6), ("ms", 1e-3), ("s", 1), ("m", 60), ("h", 3600)];

    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var s = text.Trim();
        if (s == "0") return true;
        double total = 0;
        var i = 0;
        while (i < s.Length)
        {
            var start = i;
            while (i < s.Length && (char.IsDigit(s[i]) || s[i] == '.')) i++;
            if (start == i) return false;
            if (!PlainNumber.TryParse(s.AsSpan(start, i - start), out var number)) return false;
            var unitStart = i;
            while (i < s.Length && !char.IsDigit(s[i]) && s[i] != '.') i++;
            var unit = s[unitStart..i];
            var match = Array.FindIndex(Units, u => u.Unit == unit);
            if (match < 0) return false;
            total += number * Units[match].Seconds;
        }
        if (total > TimeSpan.MaxValue.TotalSeconds) return false;
        value = TimeSpan.FromTicks((long)Math.Round(total * TimeSpan.TicksPerSecond));
        return true;
    }

    /// <summary>A short, human form with the largest fitting unit: 850ns, 18.9us, 1.234ms, 2.5s.</summary>
    public static string Format(TimeSpan value)
    {
        var seconds = value.TotalSeconds;
        var abs = Math.Abs(seconds);
        return abs switch
        {
            0 => "0s",
            < 1e-6 => Number(seconds * 1e9) + "ns",
            < 1e-3 => Number(seconds * 1e6) + "us",
            < 1 => Number(seconds * 1e3) + "ms",
            _ => Number(seconds) + "s",
        };
    }

    private static string Number(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
}
