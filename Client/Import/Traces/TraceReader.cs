using System.Globalization;
using System.Text.Json;
using Spigo.Client.Cli;

namespace Spigo.Client.Import;

/// <summary>
/// Reads trace files: OTLP JSON (one ExportTraceServiceRequest, or one per line as the Collector's file exporter
/// writes them), Zipkin v2 JSON (a list of spans), Jaeger's JSON export (<c>{"data": [traces]}</c>), and this project's
/// own flow files (Zipkin v1, one span per hop between two nanoservices). Each is told apart by its shape.
/// </summary>
public static class TraceReader
{
    /// <summary>Trace files up to this size are read (a day of sampled traces of a small system).</summary>
    public const long MaxFileBytes = 1L << 30;

    /// <summary>Spans one import keeps, over all its files.</summary>
    public const int MaxSpans = 2_000_000;

    public static TraceFile Read(string file)
    {
        var bytes = Output.InputFile.Read(file, MaxFileBytes, message => new UsageException(message));
        var options = new JsonDocumentOptions { MaxDepth = 64 };
        var spans = new List<TraceSpan>();
        var unreadable = 0;
        string? format = null;
        var hops = false;
        foreach (var (document, line) in Documents(bytes, options, file))
        {
            using (document)
            {
                var root = document.RootElement;
                var (kind, read, bad, isHops) = root switch
                {
                    { ValueKind: JsonValueKind.Object } when root.TryGetProperty("resourceSpans", out _) => ("OTLP JSON", OtlpJson.Spans(root).ToList(), 0, false),
                    { ValueKind: JsonValueKind.Object } when root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Array => ("Jaeger JSON", JaegerJson.Spans(data).ToList(), 0, false),
                    { ValueKind: JsonValueKind.Object } when root.TryGetProperty("spans", out _) && root.TryGetProperty("processes", out _) => ("Jaeger JSON", JaegerJson.Spans(root, oneTrace: true).ToList(), 0, false),
                    { ValueKind: JsonValueKind.Array } when root.GetArrayLength() == 0 || root[0].ValueKind == JsonValueKind.Object && root[0].TryGetProperty("traceId", out _) => ZipkinJson.Spans(root),
                    _ => throw new UsageException($"{file}:{line}:1: not traces: expected OTLP JSON (resourceSpans), Zipkin JSON (a list of spans) or Jaeger JSON (data, or spans and processes)"),
                };
                if (format is not null && format != kind) throw new UsageException($"{file}:{line}:1: {kind} after {format} in one file");
                format = kind;
                hops |= isHops;
                unreadable += bad;
                foreach (var span in read)
                {
                    if (span is null)
                    {
                        unreadable++;
                        continue;
                    }
                    if (spans.Count >= MaxSpans) throw new UsageException($"{file}: more than {MaxSpans} spans; an import reads at most that many (sample the traces)");
                    spans.Add(span);
                }
            }
        }
        return new TraceFile(format ?? "empty", spans, unreadable, hops);
    }

    /// <summary>The file as one JSON document, or, when it is not one, one document per non-empty line (JSON Lines).</summary>
    private static IEnumerable<(JsonDocument, int Line)> Documents(byte[] bytes, JsonDocumentOptions options, string file)
    {
        JsonDocument? whole = null;
        JsonException? wholeError = null;
        try
        {
            whole = JsonDocument.Parse(bytes, options);
        }
        catch (JsonException e)
        {
            wholeError = e;
        }
        if (whole is not null)
        {
            yield return (whole, 1);
            yield break;
        }
        var lines = System.Text.Encoding.UTF8.GetString(bytes).Split('\n');
        if (lines.Count(l => l.Trim().Length > 0) < 2) throw Malformed(file, wholeError!, 0);
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Trim().Length == 0) continue;
            JsonDocument line;
            try
            {
                line = JsonDocument.Parse(lines[i], options);
            }
            catch (JsonException e)
            {
                throw Malformed(file, e, i);
            }
            yield return (line, i + 1);
        }
    }

    private static UsageException Malformed(string file, JsonException e, int lineOffset)
    {
        var cut = e.Message.IndexOf(". ", StringComparison.Ordinal);
        return new UsageException($"{file}:{(e.LineNumber ?? 0) + 1 + lineOffset}:{(e.BytePositionInLine ?? 0) + 1}: malformed JSON: {(cut > 0 ? e.Message[..cut] : e.Message)}");
    }

    internal static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var v) ? v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Number => v.GetRawText(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => null,
        } : null;

    internal static long? Number(JsonElement element, string name) =>
        Text(element, name) is { } text && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;

    internal static SpanKind Kind(string? text) => text?.ToUpperInvariant() switch
    {
        "SERVER" or "SPAN_KIND_SERVER" or "2" => SpanKind.Server,
        "CLIENT" or "SPAN_KIND_CLIENT" or "3" => SpanKind.Client,
        "INTERNAL" or "SPAN_KIND_INTERNAL" or "1" => SpanKind.Internal,
        "PRODUCER" or "SPAN_KIND_PRODUCER" or "4" => SpanKind.Producer,
        "CONSUMER" or "SPAN_KIND_CONSUMER" or "5" => SpanKind.Consumer,
        _ => SpanKind.Unspecified,
    };
}
