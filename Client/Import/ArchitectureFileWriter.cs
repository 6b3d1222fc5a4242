using System.Text.Json;

namespace Spigo.Client.Import;

/// <summary>An imported architecture as a json_arch file: the fields the original reads too (version arch-0.0).</summary>
public static class ArchitectureFileWriter
{
    public const string Version = "arch-0.0";

    public static byte[] Write(ImportedArchitecture architecture)
    {
        using var memory = new MemoryStream();
        using (var json = new Utf8JsonWriter(memory, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("arch", architecture.Arch);
            json.WriteString("description", architecture.Description);
            json.WriteString("version", Version);
            json.WriteString("victim", architecture.Victim);
            if (architecture.Load is { } load) json.WriteString("load", load);
            json.WriteStartArray("services");
            foreach (var s in architecture.Services)
            {
                json.WriteStartObject();
                json.WriteString("name", s.Name);
                json.WriteString("package", s.Package);
                json.WriteNumber("count", s.Count);
                json.WriteNumber("regions", s.Regions);
                if (s.Latency is { } latency) json.WriteString("latency", latency);
                json.WriteStartArray("dependencies");
                foreach (var d in s.Dependencies) json.WriteStringValue(d);
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        memory.WriteByte((byte)'\n');
        return memory.ToArray();
    }
}
