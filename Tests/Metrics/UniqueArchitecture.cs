using System.Text.Json.Nodes;
using Spigo.Client.Architectures;

namespace Spigo.Tests.Metrics;

/// <summary>
/// A built-in architecture written out under a name no other test uses. Metrics and the flow log are process-wide and
/// keyed by architecture name (one run a process, in use), and the test process runs netflixoss in several tests at once.
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
