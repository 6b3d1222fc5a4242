using System.Text.Json.Nodes;
using Spigo.Client.Architectures;

namespace Spigo.Tests;

/// <summary>A built-in architecture file written out with an edit, for a test that needs it different.</summary>
internal static class BuiltInArchitecture
{
    public static async Task WriteAsync(string builtIn, string file, Action<JsonNode> edit)
    {
        using var stream = typeof(ArchitectureCatalog).Assembly
            .GetManifestResourceStream($"Spigo.Client.Architectures.Definitions.{builtIn}.json")
            ?? throw new ArgumentException($"no built-in architecture {builtIn}", nameof(builtIn));
        var definition = JsonNode.Parse(stream)!;
        edit(definition);
        await File.WriteAllTextAsync(file, definition.ToJsonString());
    }
}
