using System.Globalization;
using System.Text;

namespace Spigo.CommandLine;

/// <summary>
/// A message about user input as one printable line of bounded length: control characters and unpaired surrogates
/// from a file name, a flag or a file's contents (a newline, an escape sequence that would drive the terminal) are
/// shown as \u escapes, and a line longer than <see cref="MaxLength"/> keeps its start and its end (what was wrong is
/// usually said last) around an ellipsis.
/// </summary>
public static class OneLine
{
    public const int MaxLength = 400;
    private const int KeptEnd = 120;

    public static string Of(string text)
    {
        if (text.Length > MaxLength) text = string.Concat(text.AsSpan(0, MaxLength - KeptEnd - 1), "…", text.AsSpan(text.Length - KeptEnd));
        if (!text.Any(c => char.IsControl(c) || char.IsSurrogate(c))) return text;
        var line = new StringBuilder(text.Length + 16);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) line.Append(c).Append(text[++i]);
            else if (char.IsControl(c) || char.IsSurrogate(c)) line.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            else line.Append(c);
        }
        return line.ToString();
    }
}
