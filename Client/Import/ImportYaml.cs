using Spigo.Client.Cli;
using YamlDotNet.RepresentationModel;

namespace Spigo.Client.Import;

/// <summary>
/// Reading deployment files as YAML, within limits: a file's size, its documents, and the nodes walked — an alias is a
/// reference to a node, never a copy, and nothing here follows aliases into aliases, so a "billion laughs" costs what
/// its text does. Every mistake is one line with the file, line and column.
/// </summary>
public static class ImportYaml
{
    /// <summary>A deployment file larger than this is refused unread (Helm output for a large system is a few MB).</summary>
    public const long MaxFileBytes = 16L << 20;

    /// <summary>Documents one import reads, over all its files.</summary>
    public const int MaxDocuments = 20_000;

    public static List<YamlDocument> Documents(string file)
    {
        var text = System.Text.Encoding.UTF8.GetString(Output.InputFile.Read(file, MaxFileBytes, message => new UsageException(message)));
        var stream = Output.YamlText.Load(text, file);
        if (stream.Documents.Count > MaxDocuments) throw new UsageException($"{file}: {stream.Documents.Count} documents; an import reads at most {MaxDocuments}");
        return [.. stream.Documents];
    }

    public static string At(string file, YamlNode node) => $"{file}:{node.Start.Line}:{node.Start.Column}";

    /// <summary>A child of a mapping by key, or null.</summary>
    public static YamlNode? Child(YamlNode? node, string key) =>
        node is YamlMappingNode m && m.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    /// <summary>The value at a path of keys, or null.</summary>
    public static YamlNode? Path(YamlNode? node, params string[] keys) => keys.Aggregate(node, Child);

    public static string? Text(YamlNode? node) => node is YamlScalarNode { Value: { } v } ? v : null;

    public static IEnumerable<YamlNode> Items(YamlNode? node) => node is YamlSequenceNode s ? s.Children : [];

    /// <summary>A mapping's string pairs (labels, a selector, a Compose environment); other values are skipped.</summary>
    public static Dictionary<string, string> Pairs(YamlNode? node) =>
        node is YamlMappingNode m
            ? m.Children.Where(c => c.Key is YamlScalarNode { Value: not null } && c.Value is YamlScalarNode)
                .GroupBy(c => ((YamlScalarNode)c.Key).Value!).ToDictionary(g => g.Key, g => ((YamlScalarNode)g.First().Value).Value ?? "", StringComparer.Ordinal)
            : [];

    /// <summary>A whole number at most <paramref name="max"/>, or the fallback when absent.</summary>
    public static int Count(YamlNode? node, int fallback, int max, string file, string what)
    {
        if (node is null) return fallback;
        return int.TryParse(Text(node), out var n) && n >= 0 && n <= max ? n : throw new UsageException($"{At(file, node)}: {what} \"{Text(node)}\" is not a whole number from 0 to {max}");
    }
}
