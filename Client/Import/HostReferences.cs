using System.Text.RegularExpressions;

namespace Spigo.Client.Import;

/// <summary>
/// Finds the host names an environment variable or an argument names: <c>name:port</c>, <c>http://name…</c>,
/// <c>name.namespace.svc.cluster.local</c>, or a bare name in a variable whose name says it is an address
/// (<c>*_ADDR</c>, <c>*_HOST</c>, <c>*_URL</c>, …). What is found is a candidate until it matches a known service.
/// </summary>
public static partial class HostReferences
{
    [GeneratedRegex(@"^(?:[a-z][a-z0-9+.-]*://)?(?:[^@/\s]*@)?(?<host>[A-Za-z0-9][A-Za-z0-9_.-]*)(?::(?<port>\d{1,5}))?(?:[/?#].*)?$")]
    private static partial Regex Address();

    [GeneratedRegex(@"(?:_|^)(ADDR|ADDRESS|HOST|HOSTNAME|URL|URI|ENDPOINT|SERVER|SERVICE|DSN)S?$", RegexOptions.IgnoreCase)]
    private static partial Regex AddressVariable();

    /// <summary>The candidates in one environment variable: its value, and each comma-separated part of it.</summary>
    public static IEnumerable<Reference> InVariable(string name, string value, string where)
    {
        var namedAsAddress = AddressVariable().IsMatch(name);
        foreach (var part in value.Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (Host(part) is { } host)
            {
                var shaped = part.Contains("://", StringComparison.Ordinal) || Address().Match(part).Groups["port"].Success;
                yield return new Reference(host.Host, $"{name}={value}", where, LooksLikeAddress: namedAsAddress || shaped);
            }
        }
    }

    /// <summary>The candidates in a command line: each word, and each value after '=' in a word.</summary>
    public static IEnumerable<Reference> InArguments(IEnumerable<string> arguments, string where)
    {
        var words = arguments.SelectMany(a => a.Split([' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries)).ToList();
        foreach (var word in words)
        {
            var value = word.Contains('=', StringComparison.Ordinal) ? word[(word.IndexOf('=', StringComparison.Ordinal) + 1)..] : word;
            if (value.StartsWith('-') || value.StartsWith('$')) continue;
            if (Host(value) is { } host) yield return new Reference(host.Host, $"argument {word}", where, LooksLikeAddress: host.Shaped);
        }
    }

    /// <summary>The host a text names, lower-cased and cut at its first dot (the cluster-local suffix); null when it names none.</summary>
    public static (string Host, bool Shaped)? Host(string text)
    {
        if (text.Length is 0 or > 2048) return null;
        var match = Address().Match(text);
        if (!match.Success) return null;
        var host = match.Groups["host"].Value.ToLowerInvariant();
        if (host.All(c => char.IsAsciiDigit(c) || c == '.')) return null;
        var first = host.Split('.')[0];
        return first.Length == 0 ? null : (first, text.Contains("://", StringComparison.Ordinal) || match.Groups["port"].Success);
    }
}
