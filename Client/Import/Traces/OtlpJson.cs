using System.Text.Json;
using static Spigo.Client.Import.TraceReader;

namespace Spigo.Client.Import;

/// <summary>
/// OTLP JSON's spans: resource attributes (service.name, service.instance.id, host.name, cloud.region,
/// cloud.availability_zone) over each resource's spans; ids as hex, times in nanoseconds (as strings or numbers).
/// This project's own --otlp spans (spigo.client, spigo.server) are hops between nanoservices.
/// </summary>
public static class OtlpJson
{
    public static IEnumerable<TraceSpan?> Spans(JsonElement root)
    {
        foreach (var resource in Array(root, "resourceSpans"))
        {
            var attributes = Attributes(resource.TryGetProperty("resource", out var r) ? r : default);
            var service = attributes.GetValueOrDefault("service.name");
            foreach (var scope in Array(resource, "scopeSpans").Concat(Array(resource, "instrumentationLibrarySpans")))
            {
                foreach (var span in Array(scope, "spans")) yield return Span(span, attributes, service);
            }
        }
    }

    private static TraceSpan? Span(JsonElement span, Dictionary<string, string> resource, string? service)
    {
        var own = Attributes(span);
        if (own.TryGetValue("spigo.server", out var server) && own.TryGetValue("spigo.client", out var client)) return SpigoHops.Hop(Text(span, "traceId"), Text(span, "spanId"), Text(span, "parentSpanId"), client, server, Nanos(span, "startTimeUnixNano") / 1000, Nanos(span, "endTimeUnixNano") / 1000);
        var start = Nanos(span, "startTimeUnixNano");
        var end = Nanos(span, "endTimeUnixNano");
        if (service is null || Text(span, "traceId") is not { Length: > 0 } trace || Text(span, "spanId") is not { Length: > 0 } id || start is null || end is null) return null;
        var status = span.TryGetProperty("status", out var s) ? Text(s, "code") : null;
        return new TraceSpan(trace, id, Text(span, "parentSpanId") is { Length: > 0 } p ? p : null, service, start.Value / 1000, Math.Max(0, end.Value - start.Value) / 1000)
        {
            Kind = Kind(Text(span, "kind")),
            Error = status is "2" or "STATUS_CODE_ERROR",
            Instance = resource.GetValueOrDefault("service.instance.id") ?? resource.GetValueOrDefault("host.name"),
            Region = resource.GetValueOrDefault("cloud.region"),
            Zone = resource.GetValueOrDefault("cloud.availability_zone"),
            DbSystem = own.GetValueOrDefault("db.system") ?? own.GetValueOrDefault("db.system.name"),
            Peer = own.GetValueOrDefault("peer.service") ?? own.GetValueOrDefault("db.name") ?? own.GetValueOrDefault("server.address") ?? own.GetValueOrDefault("net.peer.name"),
        };
    }

    private static long? Nanos(JsonElement span, string name) => Number(span, name);

    private static List<JsonElement> Array(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var a) && a.ValueKind == JsonValueKind.Array ? [.. a.EnumerateArray()] : [];

    /// <summary>OTLP's key/value attributes with string, int, double or bool values, as text.</summary>
    private static Dictionary<string, string> Attributes(JsonElement element)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var a in Array(element, "attributes"))
        {
            if (Text(a, "key") is not { } key || !a.TryGetProperty("value", out var value) || value.ValueKind != JsonValueKind.Object) continue;
            foreach (var kind in new[] { "stringValue", "intValue", "doubleValue", "boolValue" })
            {
                if (Text(value, kind) is { } text)
                {
                    attributes.TryAdd(key, text);
                    break;
                }
            }
        }
        return attributes;
    }
}
