using System.Text.Json.Serialization;
using Spigo.Edda;

namespace Spigo.Viewer;

/// <summary>An Edda entry as the page reads it: the same keys as a GraphJSON graph entry (node, edge, done, timestamp).</summary>
public sealed record ViewerEntry(
    [property: JsonPropertyName("node")] string? Node,
    [property: JsonPropertyName("package")] string? Package,
    [property: JsonPropertyName("edge")] string? Edge,
    [property: JsonPropertyName("source")] string? Source,
    [property: JsonPropertyName("target")] string? Target,
    [property: JsonPropertyName("done")] string? Done,
    [property: JsonPropertyName("exit")] string? Exit,
    [property: JsonPropertyName("timestamp")] DateTime Timestamp)
{
    public static ViewerEntry From(EddaEntry e) => e.Kind switch
    {
        EddaEntryKind.Node => new(e.Name, e.Package, null, null, null, null, null, e.Timestamp),
        EddaEntryKind.Edge => new(null, null, e.Name, e.Source, e.Target, null, null, e.Timestamp),
        _ => new(null, null, null, null, null, e.Name, e.Exit, e.Timestamp),
    };
}
