using System.Text.Json;
using Spigo.Edda;
using Spigo.Gotocol;
using Spigo.Client.Cli;

namespace Spigo.Client.Output;

/// <summary>
/// Reads GraphJSON in this project's layout and in the original spigo's (2015 and later, see the examples):
/// nodes, edges and done entries in file order. An edge whose ends were never declared declares them.
/// Any problem is a <see cref="UsageException"/> naming the file and, where known, the line and column.
/// </summary>
public static class GraphJsonReader
{
    public static GraphDocument Read(string path) => Parse(InputFile.Read(path, InputFile.GraphLimit, message => new UsageException(message)), path);

    public static GraphDocument Parse(ReadOnlySpan<byte> utf8, string source)
    {
        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(utf8.ToArray(), new JsonDocumentOptions { AllowTrailingCommas = true, AllowDuplicateProperties = false });
        }
        catch (JsonException e)
        {
            throw new UsageException($"{source}:{(e.LineNumber ?? 0) + 1}:{(e.BytePositionInLine ?? 0) + 1}: malformed JSON: {FirstSentence(e.Message)}");
        }
        using (json)
        try
        {
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new UsageException($"{source}: expected a GraphJSON object at the top");
            if (!root.TryGetProperty("graph", out var graph) || graph.ValueKind != JsonValueKind.Array)
            {
                throw new UsageException($"{source}: no \"graph\" array");
            }
            var arch = OptionalString(root, "arch", source, "the header") ?? "";
            var version = OptionalString(root, "version", source, "the header") ?? "";
            var args = OptionalString(root, "args", source, "the header") ?? "";
            var dateText = OptionalString(root, "date", source, "the header");
            var date = DateTime.UtcNow;
            if (dateText is not null && !Timestamps.TryParse(dateText, out date)) throw new UsageException($"{source}: header: \"date\" is not a timestamp: {dateText}");

            var entries = new List<EddaEntry>();
            var declared = new HashSet<string>(StringComparer.Ordinal);
            var index = 0;
            foreach (var element in graph.EnumerateArray()) ReadEntry(element, source, $"graph[{index++}]", date, entries, declared);
            return new GraphDocument(arch, version, args, date, entries);
        }
        catch (InvalidOperationException e) when (e.Message.Contains("surrogate", StringComparison.OrdinalIgnoreCase))
        {
            // A lone surrogate escape passes the JSON reader and fails only when its string is made.
            throw new UsageException($"{source}: a string holds an unpaired UTF-16 surrogate escape (such as \\ud800 alone), which is no character");
        }
    }

    /// <summary>One element of "graph": a node, an edge (declaring ends never declared) or a done entry.</summary>
    private static void ReadEntry(JsonElement element, string source, string where, DateTime date, List<EddaEntry> entries, HashSet<string> declared)
    {
        if (element.ValueKind != JsonValueKind.Object) throw new UsageException($"{source}: {where}: expected an object");
        var timestamp = date;
        if (OptionalString(element, "timestamp", source, where) is { } ts && !Timestamps.TryParse(ts, out timestamp))
        {
            throw new UsageException($"{source}: {where}: \"timestamp\" is not a timestamp: {ts}");
        }
        if (OptionalString(element, "node", source, where) is { } node)
        {
            var package = OptionalString(element, "package", source, where) ?? PackageOf(node);
            if (node.Length == 0) throw new UsageException($"{source}: {where}: \"node\" is empty");
            if (declared.Add(node)) entries.Add(EddaEntry.Node(node, package, timestamp, OptionalString(element, "metadata", source, where)));
        }
        else if (OptionalString(element, "edge", source, where) is { } edge)
        {
            var from = RequiredString(element, "source", source, where);
            var to = RequiredString(element, "target", source, where);
            foreach (var end in new[] { from, to })
            {
                if (declared.Add(end)) entries.Add(EddaEntry.Node(end, PackageOf(end), timestamp));
            }
            entries.Add(EddaEntry.Edge(edge, from, to, timestamp));
        }
        else if (OptionalString(element, "done", source, where) is { } done)
        {
            entries.Add(EddaEntry.Done(done, OptionalString(element, "exit", source, where) ?? ExitReason.Normal, timestamp));
        }
        else
        {
            throw new UsageException($"{source}: {where}: expected a \"node\", \"edge\" or \"done\" entry");
        }
    }

    /// <summary>The package part of a six-part dotted name, or "" when the name has another shape.</summary>
    public static string PackageOf(string name)
    {
        var parts = name.Split('.');
        return parts.Length == Names.NanoName.PartCount ? parts[4] : "";
    }

    private static string? OptionalString(JsonElement element, string property, string source, string where)
    {
        if (!element.TryGetProperty(property, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.String) throw new UsageException($"{source}: {where}: \"{property}\" must be a string");
        return value.GetString();
    }

    private static string RequiredString(JsonElement element, string property, string source, string where) =>
        OptionalString(element, property, source, where) is { Length: > 0 } value
            ? value
            : throw new UsageException($"{source}: {where}: \"{property}\" is missing");

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(". ", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message.TrimEnd('.');
    }
}
