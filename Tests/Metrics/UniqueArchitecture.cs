using System.Text.Json.Nodes;
using Spigo.Client.Architectures;

namespace Spigo.Tests.Metrics;

/// <summary>
/// A built-in architecture written out under a name no other test uses. Each silo keeps its own figures, but a
/// Prometheus exporter listens to every meter named "Spigo" in its process, and the test process runs netflixoss on
/// several silos at once: a scrape that must show one run's series needs a name of its own.
/// </summary>
internal static class UniqueArchitecture
{
    public static async Task<(string Arch, string File)> WriteAsync(string builtIn, string dir)
    {
        var arch = builtIn[..Math.Min(4, builtIn.Length)] + Guid.NewGuid().ToString("N")[..8];
        using var stream = typeof(ArchitectureCatalog).Assembly.GetManifestResourceStream($"Spigo.Client.Architectures.Definitions.{builtIn}.json")
            ?? throw new ArgumentException($"no built-in architecture {builtIn}", nameof(builtIn));
        var definition = JsonNode.Parse(stream)!;
        definition["arch"] = arch;
        var file = Path.Combine(dir, arch + ".json");
        await File.WriteAllTextAsync(file, definition.ToJsonString());
        return (arch, file);
    }
}
