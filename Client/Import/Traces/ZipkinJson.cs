using System.Text.Json;
using static Spigo.Client.Import.TraceReader;

namespace Spigo.Client.Import;

/// <summary>
/// Zipkin JSON: v2 spans (localEndpoint, remoteEndpoint, timestamp and duration in microseconds, tags), or this
/// project's flow file — v1 spans with a "cs" annotation at the sending nanoservice and an "sr" at the receiving one.
/// </summary>
public static class ZipkinJson
{
    public static (string Format, List<TraceSpan?> Spans, int Unreadable, bool Hops) Spans(JsonElement root)
    {
        var v1 = root.GetArrayLength() > 0 && root[0].TryGetProperty("annotations", out _) && !root[0].TryGetProperty("localEndpoint", out _);
        return v1 ? ("Zipkin v1 JSON", [.. root.EnumerateArray().Select(V1)], 0, true) : ("Zipkin JSON", [.. root.EnumerateArray().Select(V2)], 0, false);
    }

    private static TraceSpan? V2(JsonElement span)
    {
        var local = span.TryGetProperty("localEndpoint", out var l) ? l : default;
        var remote = span.TryGetProperty("remoteEndpoint", out var r) ? r : default;
        if (Text(local, "serviceName") is not { Length: > 0 } service || Text(span, "traceId") is not { } trace || Text(span, "id") is not { } id
            || Number(span, "timestamp") is not { } start) return null;
        var tags = span.TryGetProperty("tags", out var t) && t.ValueKind == JsonValueKind.Object ? t : default;
        var kind = Kind(Text(span, "kind"));
        return new TraceSpan(trace, id, Text(span, "parentId"), service.ToLowerInvariant(), start, Number(span, "duration") ?? 0)
        {
            Kind = kind,
            Error = Text(tags, "error") is not null,
            Instance = Text(local, "ipv4") ?? Text(local, "ipv6"),
            DbSystem = Text(tags, "db.system") ?? Text(tags, "db.type"),
            Peer = kind == SpanKind.Client ? Text(remote, "serviceName")?.ToLowerInvariant() ?? Text(tags, "peer.service") : null,
        };
    }

    private static TraceSpan? V1(JsonElement span)
    {
        if (!span.TryGetProperty("annotations", out var annotations) || annotations.ValueKind != JsonValueKind.Array) return null;
        var marks = annotations.EnumerateArray().Where(a => a.TryGetProperty("endpoint", out _)).ToDictionary(a => Text(a, "value") ?? "", a => a, StringComparer.Ordinal);
        if (!marks.TryGetValue("cs", out var cs) || !marks.TryGetValue("sr", out var sr)) return null;
        return SpigoHops.Hop(Text(span, "traceId"), Text(span, "id"), Text(span, "parentId"), Text(cs.GetProperty("endpoint"), "serviceName"),
            Text(sr.GetProperty("endpoint"), "serviceName"), Number(cs, "timestamp"), Number(sr, "timestamp"));
    }
}
