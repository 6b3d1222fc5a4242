using System.Globalization;
using Spigo.Gotocol;

namespace Spigo.CommandLine;

/// <summary>
/// Range checks for numbers and durations given as flags or environment variables, shared by spigo and spigo-silo:
/// every value is checked against what the timers and sockets behind it accept, and a bad one is one line naming
/// the flag and the value, never a .NET type name.
/// </summary>
public static class FlagValue
{
    /// <summary>
    /// <paramref name="given"/> is how the user gave the value, for the message: "-p 99999999999" or
    /// "SPIGO_SILO_PORT=abc".
    /// </summary>
    public static string? Number(string given, string text, long min, long max, out int value)
    {
        value = 0;
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) || number < min || number > max)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{given}: must be a whole number from {min} to {max}");
        }
        value = (int)number;
        return null;
    }

    /// <summary>A Go duration from <paramref name="min"/> to <paramref name="max"/>, both included.</summary>
    public static string? Duration(string flag, string text, TimeSpan min, TimeSpan max, out TimeSpan value)
    {
        if (!GoDuration.TryParse(text, out value) || value < TimeSpan.Zero) return $"{flag} {text}: not a duration (examples: 1s, 500ms, 2m)";
        if (value < min) return $"{flag} {text}: must be at least {GoDuration.Format(min)}";
        if (value > max) return $"{flag} {text}: must be at most {Long(max)}";
        return null;
    }

    private static string Long(TimeSpan t) => t.TotalHours >= 1 && t.TotalHours % 1 == 0
        ? string.Create(CultureInfo.InvariantCulture, $"{t.TotalHours:0}h")
        : GoDuration.Format(t);
}
