using System.Text.Json.Serialization;
using Spigo.Edda;

namespace Spigo.Viewer;

/// <summary>
/// An Edda entry as the page reads it: the same keys as a GraphJSON graph entry (node, edge, done, timestamp), and events
/// (an injected fault, a breaker's change: "event" is what happened, "subject" whom it concerns).
/// </summary>
public sealed record ViewerEntry(
    [property: JsonPropertyName("node")] string? Node,
    [property: JsonPropertyName("package")] string? Package,
    [property: JsonPropertyName("edge")] string? Edge,
    [property: JsonPropertyName("source")] string? Source,
    [property: JsonPropertyName("target")] string? Target,
    [property: JsonPropertyName("done")] string? Done,
    [property: JsonPropertyName("exit")] string? Exit,
    [property: JsonPropertyName("timestamp")] DateTime Timestamp,
    [property: JsonPropertyName("event")] string? Event = null,
    [property: JsonPropertyName("subject")] string? Subject = null)
{
    public static ViewerEntry From(EddaEntry e) => e.Kind switch
    {
        EddaEntryKind.Node => new(e.Name, e.Package, null, null, null, null, null, e.Timestamp),
        EddaEntryKind.Edge => new(null, null, e.Name, e.Source, e.Target, null, null, e.Timestamp),
        EddaEntryKind.Event => new(null, null, null, null, null, null, null, e.Timestamp, e.Metadata, e.Name),
        _ => new(null, null, null, null, null, e.Name, e.Exit, e.Timestamp),
    };
}
