using System.Globalization;
using System.Text.RegularExpressions;

namespace Spigo.Tests.Metrics;

/// <summary>
/// A strict reader of the Prometheus text exposition format (version 0.0.4): every line is a HELP/TYPE comment or a
/// sample; names and labels follow the grammar; a TYPE comes before its samples; histogram buckets are cumulative and
/// end in +Inf equal to _count. Throws on the first violation, naming the line.
/// </summary>
internal static partial class PrometheusText
{
    public sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

    [GeneratedRegex(@"^[a-zA-Z_:][a-zA-Z0-9_:]*$")]
    private static partial Regex MetricName();

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})? (?<value>\S+)( (?<ts>-?\d+))?$")]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"\G(?<key>[a-zA-Z_][a-zA-Z0-9_]*)=""(?<value>(\\.|[^""\\])*)""(,|$)")]
    private static partial Regex Label();

    /// <param name="text">A Prometheus text exposition.</param>
    /// <param name="checkHistogram">
    /// Which histogram families to hold to the bucket rules (all when null). A process that has stopped one silo and
    /// started another (as the test process does) exports some of Orleans' histograms twice with the same labels: an
    /// OpenTelemetry metric whose meter was disposed is exported beside its successor's.
    /// </param>
    public static List<Sample> Parse(string text, Func<string, bool>? checkHistogram = null)
    {
        var types = new Dictionary<string, string>();
        var samples = new List<Sample>();
        var lineNumber = 0;
        foreach (var line in text.Split('\n'))
        {
            lineNumber++;
            if (line.Length == 0) continue;
            if (line.StartsWith('#'))
            {
                var parts = line.Split(' ', 4);
                if (parts.Length >= 3 && parts[1] is "TYPE" or "HELP")
                {
                    if (!MetricName().IsMatch(parts[2])) throw new FormatException($"line {lineNumber}: bad metric name {parts[2]}");
                    if (parts[1] == "TYPE")
                    {
                        if (parts.Length != 4 || parts[3] is not ("counter" or "gauge" or "histogram" or "summary" or "untyped")) throw new FormatException($"line {lineNumber}: bad TYPE");
                        if (!types.TryAdd(parts[2], parts[3])) throw new FormatException($"line {lineNumber}: second TYPE for {parts[2]}");
                    }
                }
                continue;
            }
            var m = SampleLine().Match(line);
            if (!m.Success) throw new FormatException($"line {lineNumber}: not a sample: {line}");
            var name = m.Groups["name"].Value;
            var labels = new Dictionary<string, string>();
            var labelText = m.Groups["labels"].Value;
            var at = 0;
            while (at < labelText.Length)
            {
                var l = Label().Match(labelText, at);
                if (!l.Success || l.Index != at) throw new FormatException($"line {lineNumber}: bad labels {labelText}");
                if (!labels.TryAdd(l.Groups["key"].Value, l.Groups["value"].Value)) throw new FormatException($"line {lineNumber}: repeated label");
                at += l.Length;
            }
            var valueText = m.Groups["value"].Value;
            if (!double.TryParse(valueText, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && valueText is not ("+Inf" or "-Inf" or "NaN"))
            {
                throw new FormatException($"line {lineNumber}: bad value {valueText}");
            }
            if (valueText == "+Inf") value = double.PositiveInfinity;
            var family = types.Keys.Where(t => name == t || name.StartsWith(t + "_", StringComparison.Ordinal)).OrderByDescending(t => t.Length).FirstOrDefault();
            if (family is null) throw new FormatException($"line {lineNumber}: sample {name} has no TYPE before it");
            if (types[family] == "counter" && !name.EndsWith("_total", StringComparison.Ordinal)) throw new FormatException($"line {lineNumber}: counter {name} does not end in _total");
            samples.Add(new Sample(name, labels, value));
        }
        CheckHistograms(samples, types, checkHistogram ?? (_ => true));
        return samples;
    }

    private static void CheckHistograms(List<Sample> samples, Dictionary<string, string> types, Func<string, bool> check)
    {
        foreach (var histogram in types.Where(t => t.Value == "histogram" && check(t.Key)).Select(t => t.Key))
        {
            var series = samples.Where(s => s.Name == histogram + "_bucket")
                .GroupBy(s => string.Join(",", s.Labels.Where(l => l.Key != "le").OrderBy(l => l.Key).Select(l => $"{l.Key}={l.Value}")));
            foreach (var group in series)
            {
                var buckets = group.Select(s => (Le: s.Labels["le"] == "+Inf" ? double.PositiveInfinity : double.Parse(s.Labels["le"], CultureInfo.InvariantCulture), s.Value)).ToList();
                if (!double.IsPositiveInfinity(buckets[^1].Le)) throw new FormatException($"{histogram} {group.Key}: no +Inf bucket");
                for (var i = 1; i < buckets.Count; i++)
                {
                    if (buckets[i].Le <= buckets[i - 1].Le || buckets[i].Value < buckets[i - 1].Value) throw new FormatException($"{histogram} {group.Key}: buckets not cumulative");
                }
                var count = samples.Single(s => s.Name == histogram + "_count" && Same(s.Labels, group.First().Labels));
                if (count.Value != buckets[^1].Value) throw new FormatException($"{histogram} {group.Key}: +Inf bucket {buckets[^1].Value} != count {count.Value}");
            }
        }
    }

    private static bool Same(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> withLe) =>
        a.Count == withLe.Count - 1 && a.All(kv => withLe.TryGetValue(kv.Key, out var v) && v == kv.Value);
}
