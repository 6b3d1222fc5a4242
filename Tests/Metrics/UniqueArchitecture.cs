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
        var file = Path.Combine(dir, arch + ".json");
        await BuiltInArchitecture.WriteAsync(builtIn, file, definition => definition["arch"] = arch);
        return (arch, file);
    }
}
