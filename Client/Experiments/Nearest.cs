namespace Spigo.Client.Experiments;

/// <summary>The known word nearest a mistyped one, to suggest in an error message.</summary>
public static class Nearest
{
    /// <summary>The candidate with the fewest edits from <paramref name="word"/>, if it is near enough to be a typo.</summary>
    public static string? To(string word, IEnumerable<string> candidates)
    {
        var best = candidates.Select(c => (Word: c, Distance: Distance(word, c))).OrderBy(c => c.Distance).FirstOrDefault();
        return best.Word is not null && best.Distance <= Math.Max(2, word.Length / 3) ? best.Word : null;
    }

    /// <summary>", did you mean X?" when a candidate is near, else nothing.</summary>
    public static string Suggest(string word, IEnumerable<string> candidates) => To(word, candidates) is { } near ? $"; did you mean \"{near}\"?" : "";

    /// <summary>Levenshtein distance: insertions, deletions and substitutions.</summary>
    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }
            previous = current;
        }
        return previous[b.Length];
    }
}
