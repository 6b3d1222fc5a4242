using System.Globalization;
using System.Text.Json;
using Spigo.Grains.Hosting;

namespace Spigo.Client.Output;

/// <summary>
/// Writes -c's &lt;arch&gt;_flow.json in Zipkin v1 JSON, as later spigo did: one span per hop, named by its imposition,
/// with a "cs" annotation at the sending nanoservice and an "sr" annotation at the receiving one (microseconds).
/// </summary>
public static class ZipkinWriter
{
    public static void Write(string path, IReadOnlyList<FlowSpan> spans) => AtomicFile.Write(path, stream =>
    {
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = false });
        json.WriteStartArray();
        foreach (var span in spans)
        {
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
        }
        json.WriteEndArray();
    });

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
