using System.Globalization;

namespace Spigo.Client.Output;

/// <summary>RFC 3339 timestamps as spigo writes them; reading accepts Go's nine fractional digits.</summary>
public static class Timestamps
{
    public static string Format(DateTime value) =>
        value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    public static bool TryParse(string text, out DateTime value)
    {
        // .NET reads at most seven fractional digits; Go writes up to nine.
        var dot = text.IndexOf('.');
        if (dot >= 0)
        {
            var end = dot + 1;
            while (end < text.Length && char.IsDigit(text[end])) end++;
            if (end - dot - 1 > 7) text = string.Concat(text.AsSpan(0, dot + 8), text.AsSpan(end));
        }
        var ok = DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed);
        value = ok ? parsed.UtcDateTime : default;
        return ok;
    }
}
