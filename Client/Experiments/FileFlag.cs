namespace Spigo.Client.Experiments;

/// <summary>
/// A flag of a normal run as an experiment file sets it: its long name without the dashes (<c>duration</c>,
/// <c>service-time</c>), and its values (none for a switch that is on; several for a repeatable flag).
/// </summary>
public sealed record FileFlag(string Name, IReadOnlyList<string> Values, Mark At)
{
    /// <summary>The flag as command-line arguments.</summary>
    public IEnumerable<string> Arguments => Values.Count == 0 ? ["--" + Name] : Values.SelectMany(v => new[] { "--" + Name, v });

    /// <summary>The flag with <c>${name}</c> in its values replaced by a sweep's values.</summary>
    public FileFlag With(IReadOnlyDictionary<string, string> point) =>
        point.Count == 0 ? this : this with { Values = [.. Values.Select(v => point.Aggregate(v, (text, p) => text.Replace("${" + p.Key + "}", p.Value, StringComparison.Ordinal)))] };
}
