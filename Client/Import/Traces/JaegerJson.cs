using System.Text.Json;
using static Spigo.Client.Import.TraceReader;

namespace Spigo.Client.Import;

/// <summary>
/// Jaeger's JSON (the UI's export and the query API): traces with spans (CHILD_OF references, microseconds) and the
/// processes that ran them (serviceName, tags such as hostname and ip).
/// </summary>
public static class JaegerJson
{
    /// <summary>The spans of a list of traces (the export's "data"), or of one trace.</summary>
    public static IEnumerable<TraceSpan?> Spans(JsonElement traces, bool oneTrace = false)
    {
        IEnumerable<JsonElement> list = oneTrace ? [traces] : traces.EnumerateArray();
        foreach (var trace in list)
        {
            var processes = trace.TryGetProperty("processes", out var p) && p.ValueKind == JsonValueKind.Object ? p : default;
            if (!trace.TryGetProperty("spans", out var spans) || spans.ValueKind != JsonValueKind.Array) continue;
            foreach (var span in spans.EnumerateArray()) yield return Span(span, processes);
        }
    }

    private static TraceSpan? Span(JsonElement span, JsonElement processes)
    {
        var process = Text(span, "processID") is { } pid && processes.ValueKind == JsonValueKind.Object && processes.TryGetProperty(pid, out var found) ? found : default;
        if (Text(process, "serviceName") is not { Length: > 0 } service || Text(span, "traceID") is not { } trace || Text(span, "spanID") is not { } id
            || Number(span, "startTime") is not { } start) return null;
        var tags = Tags(span);
        var processTags = Tags(process);
        var parent = span.TryGetProperty("references", out var refs) && refs.ValueKind == JsonValueKind.Array
            ? refs.EnumerateArray().Where(x => Text(x, "refType") is "CHILD_OF" or null).Select(x => Text(x, "spanID")).FirstOrDefault() : null;
        return new TraceSpan(trace, id, parent, service.ToLowerInvariant(), start, Number(span, "duration") ?? 0)
        {
            Kind = Kind(tags.GetValueOrDefault("span.kind")),
            Error = tags.GetValueOrDefault("error") == "true",
            Instance = processTags.GetValueOrDefault("hostname") ?? processTags.GetValueOrDefault("ip"),
            DbSystem = tags.GetValueOrDefault("db.system") ?? tags.GetValueOrDefault("db.type"),
            Peer = tags.GetValueOrDefault("peer.service") ?? tags.GetValueOrDefault("db.instance"),
        };
    }

    private static Dictionary<string, string> Tags(JsonElement element)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty("tags", out var list) || list.ValueKind != JsonValueKind.Array) return tags;
        foreach (var tag in list.EnumerateArray())
        {
            if (Text(tag, "key") is { } key && Text(tag, "value") is { } value) tags.TryAdd(key, value);
        }
        return tags;
    }
}
