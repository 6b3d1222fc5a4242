using System.Text.Json;

namespace Spigo.Client.Import;

/// <summary>--report: what a trace import inferred per service and dependency, from how many spans, and what it assumed.</summary>
public static class TraceReportWriter
{
    public static void Write(Stream stream, TraceGraph graph, IReadOnlyList<TraceFile> files, ImportedArchitecture architecture)
    {
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteStartArray("files");
        foreach (var f in files)
        {
            json.WriteStartObject();
            json.WriteString("format", f.Format);
            json.WriteNumber("spans", f.Spans.Count);
            json.WriteNumber("unreadable", f.Unreadable);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteNumber("requests", graph.Requests);
        if (graph.RequestsPerSecond > 0) json.WriteNumber("requests_per_second", graph.RequestsPerSecond);
        json.WriteNumber("spans_without_parent", graph.NoParent);
        json.WriteNumber("spans_skewed", graph.Skewed);
        WriteServices(json, graph, architecture);
        WriteDependencies(json, graph);
        json.WriteStartArray("notes");
        foreach (var n in architecture.Notes.Concat(architecture.Unresolved)) json.WriteStringValue(n);
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteServices(Utf8JsonWriter json, TraceGraph graph, ImportedArchitecture architecture)
    {
        json.WriteStartArray("services");
        foreach (var s in graph.Services)
        {
            json.WriteStartObject();
            json.WriteString("service", s.Name);
            json.WriteString("package", architecture.Services.FirstOrDefault(x => x.Name == s.Name)?.Package);
            json.WriteNumber("requests", s.Requests);
            json.WriteNumber("instances", s.Instances);
            if (s.DbSystem is { } db) json.WriteString("db_system", db);
            if (s.Fit is { } fit)
            {
                json.WriteString("latency", fit.Latency);
                json.WriteNumber("median_seconds", fit.MedianSeconds);
                json.WriteNumber("sigma", fit.Sigma);
                json.WriteNumber("ks_distance", fit.Distance);
                json.WriteNumber("samples", fit.Samples);
            }
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    private static void WriteDependencies(Utf8JsonWriter json, TraceGraph graph)
    {
        json.WriteStartArray("dependencies");
        foreach (var e in graph.Edges)
        {
            json.WriteStartObject();
            json.WriteString("from", e.From);
            json.WriteString("to", e.To);
            json.WriteNumber("calls", e.Calls);
            json.WriteNumber("calls_per_request", e.CallsPerRequest);
            json.WriteNumber("error_share", e.ErrorShare);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }
}
