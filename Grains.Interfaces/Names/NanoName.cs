namespace Spigo.Names;

/// <summary>
/// The dotted name of a nanoservice, <c>arch.region.zone.service.package.instance</c>, which is also its grain key.
/// Region and zone may be <c>*</c>: a global service (DNS) has <c>*.*</c>, a zone-spanning one (ELB) has zone <c>*</c>.
/// </summary>
[GenerateSerializer, Immutable, Alias("spigo.NanoName")]
public readonly record struct NanoName(
    [property: Id(0)] string Arch,
    [property: Id(1)] string Region,
    [property: Id(2)] string Zone,
    [property: Id(3)] string Service,
    [property: Id(4)] string Package,
    [property: Id(5)] string Instance)
{
    public const int PartCount = 6;
    public const string Any = "*";

    private static readonly string[] PartNames = ["arch", "region", "zone", "service", "package", "instance"];

    /// <summary>Parses a dotted name; throws <see cref="FormatException"/> naming the offending part.</summary>
    public static NanoName Parse(string text) =>
        TryParse(text, out var name, out var error) ? name : throw new FormatException(error);

    public static bool TryParse(string? text, out NanoName name, out string error)
    {
        name = default;
        if (string.IsNullOrEmpty(text))
        {
            error = "bad nanoservice name \"\": expected arch.region.zone.service.package.instance";
            return false;
        }
        var parts = text.Split('.');
        if (parts.Length != PartCount)
        {
            error = $"bad nanoservice name \"{text}\": expected {PartCount} dot-separated parts arch.region.zone.service.package.instance, found {parts.Length}";
            return false;
        }
        for (var i = 0; i < parts.Length; i++)
        {
            var problem = CheckPart(parts[i], allowAny: i is 1 or 2);
            if (problem is not null)
            {
                error = $"bad nanoservice name \"{text}\": {PartNames[i]} {problem}";
                return false;
            }
        }
        name = new NanoName(parts[0], parts[1], parts[2], parts[3], parts[4], parts[5]);
        error = string.Empty;
        return true;
    }

    /// <summary>The longest part a name may have, in bytes of UTF-8 (100 characters of ASCII).</summary>
    public const int MaxPartLength = 100;

    /// <summary>Checks one part on its own, e.g. an architecture or service name before it is combined.</summary>
    public static string? CheckPart(string part, bool allowAny)
    {
        if (part.Length == 0) return "is empty";
        // Checked before the characters, so that a problem quotes a part of bounded length.
        if (part.Length > MaxPartLength) return $"is longer than {MaxPartLength} characters";
        if (part == Any) return allowAny ? null : "may not be \"*\"";
        var bytes = 0;
        for (var i = 0; i < part.Length; i++)
        {
            var c = part[i];
            // Printable ASCII (nearly every name) is checked without the Unicode tables: names are parsed on hot paths.
            if (c is <= ' ' or >= '\u007f' && (char.IsWhiteSpace(c) || char.IsControl(c))) return $"\"{part}\" contains whitespace or a control character";
            // Names become file names (<arch>.json), URL segments (/api/traffic/<arch>) and parts of composite keys (a|b).
            if (c is '.' or '*' or '"' or '/' or '\\' or '|') return $"\"{part}\" contains '{c}'";
            if (char.IsHighSurrogate(c) && i + 1 < part.Length && char.IsLowSurrogate(part[i + 1]))
            {
                bytes += 4;
                i++;
            }
            else if (char.IsSurrogate(c)) return "contains an unpaired UTF-16 surrogate (not a character)";
            else if (c >= '\u0080' && (c == '\ufffd' || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format))
            {
                // Invisible characters (a right-to-left override, a zero-width space) make a name print as another;
                // U+FFFD is what bytes that were not UTF-8 became.
                return $"contains U+{(int)c:X4}, an invisible or replacement character";
            }
            else bytes += c < '\u0080' ? 1 : c < '\u0800' ? 2 : 3;
        }
        // A name is also a file name (with a suffix and a temporary's while it is written): it must fit in 255 bytes.
        return bytes > MaxPartLength ? $"is longer than {MaxPartLength} bytes in UTF-8 ({bytes})" : null;
    }

    public override string ToString() => $"{Arch}.{Region}.{Zone}.{Service}.{Package}.{Instance}";
}
