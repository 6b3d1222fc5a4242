using System.Globalization;
using System.Text;

namespace Spigo.Grains.Hosting;

/// <summary>
/// A message about user input as one printable line: control characters from a file name, a flag or a file's
/// contents (a newline, an escape sequence that would drive the terminal) are shown as \u escapes.
/// </summary>
public static class OneLine
{
    public static string Of(string text)
    {
        if (!text.Any(char.IsControl)) return text;
        var line = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            if (char.IsControl(c)) line.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            else line.Append(c);
        }
        return line.ToString();
    }
}
