using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Spigo.Edda;
using Spigo.Gotocol;

namespace Spigo.Client.Output;

/// <summary>
/// Writes spigo's GraphJSON: a header, then one graph element per line, in Edda's order. Every value is a string, as
/// the original's reader (Go structs of strings) needs, and every element key is one it knows.
/// </summary>
public static class GraphJsonWriter
{
    private static readonly JsonSerializerOptions Strings = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Write(GraphDocument document, Stream stream)
    {
        using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
        writer.Write("{\n");
        writer.Write($"  \"arch\":{Q(document.Arch)},\n");
        writer.Write($"  \"version\":{Q(document.Version)},\n");
        writer.Write($"  \"generator\":{Q(GraphDocument.Generator)},\n");
        writer.Write($"  \"args\":{Q(document.Args)},\n");
        writer.Write($"  \"date\":{Q(Timestamps.Format(document.Date))},\n");
        writer.Write("  \"graph\":[");
        var first = true;
        foreach (var entry in document.Entries)
        {
            if (entry.Kind == EddaEntryKind.Event) continue;
            writer.Write(first ? "\n    " : ",\n    ");
            first = false;
            writer.Write(Element(entry));
        }
        writer.Write(first ? "]\n}\n" : "\n  ]\n}\n");
    }

    public static void Write(GraphDocument document, string path) => AtomicFile.Write(path, s => Write(document, s));

    private static string Element(EddaEntry e)
    {
        var when = Q(Timestamps.Format(e.Timestamp));
        return e.Kind switch
        {
            EddaEntryKind.Node => e.Metadata is null
                ? $"{{\"node\":{Q(e.Name)},\"package\":{Q(e.Package ?? "")},\"timestamp\":{when}}}"
                : $"{{\"node\":{Q(e.Name)},\"package\":{Q(e.Package ?? "")},\"timestamp\":{when},\"metadata\":{Q(e.Metadata)}}}",
            EddaEntryKind.Edge => $"{{\"edge\":{Q(e.Name)},\"source\":{Q(e.Source!)},\"target\":{Q(e.Target!)},\"timestamp\":{when}}}",
            _ => $"{{\"done\":{Q(e.Name)},\"exit\":{Q(e.Exit ?? ExitReason.Normal)},\"timestamp\":{when}}}",
        };
    }

    private static string Q(string value) => JsonSerializer.Serialize(value, Strings);
}
