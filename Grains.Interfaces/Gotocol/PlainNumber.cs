using System.Globalization;

namespace Spigo.Gotocol;

/// <summary>
/// Numbers as flags and files write them: ASCII digits with at most one decimal point. NaN, infinities, signs,
/// exponents and other scripts' digits are not numbers here (.NET's parser takes "NaN" whatever the styles say).
/// </summary>
public static class PlainNumber
{
    /// <summary>Longer is no number a user means (and keeps a value from a file from being parsed at length).</summary>
    private const int MaxLength = 32;

    public static bool TryParse(ReadOnlySpan<char> text, out double value)
    {
        value = 0;
        if (text.IsEmpty || text.Length > MaxLength) return false;
        var dots = 0;
        var digits = 0;
        foreach (var c in text)
        {
            if (c == '.') dots++;
            else if (c is >= '0' and <= '9') digits++;
            else return false;
        }
        return dots <= 1 && digits > 0
            && double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
    }

    /// <summary>A share written as a percentage from 0% to 100% ("50%", or "50" unless the sign is required), as 0 to 1.</summary>
    public static bool TryParseShare(string? text, bool signRequired, out double share)
    {
        share = 0;
        if (text is null || (signRequired && !text.EndsWith('%'))) return false;
        var number = text.EndsWith('%') ? text.AsSpan(0, text.Length - 1) : text.AsSpan();
        if (!TryParse(number, out var percent) || percent > 100) return false;
        share = percent / 100;
        return true;
    }
}
