using Spigo.Runs;
using System.Globalization;
using System.Text.Json;

namespace Spigo.Client.Output;

/// <summary>
/// Writes -c's &lt;arch&gt;_flow.json in Zipkin v1 JSON, as later spigo did: one span per hop, named by its imposition,
/// with a "cs" annotation at the sending nanoservice and an "sr" annotation at the receiving one (microseconds).
/// </summary>
public static class ZipkinWriter
{
    /// <summary>One span a line, as the original wrote it: a file of 50,000 hops stays readable with head and grep.</summary>
    public static void Write(Stream stream, IReadOnlyList<FlowSpan> spans)
    {
        stream.Write("["u8);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = false });
        for (var i = 0; i < spans.Count; i++)
        {
            stream.Write(i == 0 ? "\n"u8 : ",\n"u8);
            var span = spans[i];
            json.WriteStartObject();
            json.WriteString("traceId", Hex(span.Trace));
            json.WriteString("name", span.Name);
            json.WriteString("id", Hex(span.Span));
            if (span.Parent != 0) json.WriteString("parentId", Hex(span.Parent));
            json.WriteStartArray("annotations");
            Annotation(json, span.Client, span.Sent, "cs");
            Annotation(json, span.Server, span.Received, "sr");
            json.WriteEndArray();
            json.WriteEndObject();
            json.Flush();
            json.Reset();
        }
        stream.Write("\n]\n"u8);
    }

    public static string Hex(ulong id) => id.ToString("x16", CultureInfo.InvariantCulture);

    public static long Microseconds(DateTime time) => (time.ToUniversalTime() - DateTime.UnixEpoch).Ticks / 10;

    private static void Annotation(Utf8JsonWriter json, string service, DateTime time, string value)
    {
        json.WriteStartObject();
        json.WriteStartObject("endpoint");
        json.WriteString("serviceName", service);
        json.WriteEndObject();
        json.WriteNumber("timestamp", Microseconds(time));
        json.WriteString("value", value);
        json.WriteEndObject();
    }
}
