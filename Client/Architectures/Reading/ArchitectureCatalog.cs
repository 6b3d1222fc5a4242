
namespace Spigo.Client.Architectures;

/// <summary>Finds an architecture by name (the files shipped with spigo, or migration) or by path.</summary>
public static class ArchitectureCatalog
{
    private const string ResourcePrefix = "Spigo.Client.Architectures.Definitions.";

    public static IReadOnlyList<string> BuiltIn { get; } =
        [.. typeof(ArchitectureCatalog).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
            .Select(n => n[ResourcePrefix.Length..^".json".Length])
            .Append("migration")
            .Order(StringComparer.Ordinal)];

    public static bool Exists(string nameOrPath) =>
        BuiltIn.Contains(nameOrPath) || File.Exists(nameOrPath);

    /// <summary>Loads a definition; -s picks the migration step.</summary>
    public static ArchitectureDefinition Load(string nameOrPath, int step)
    {
        if (nameOrPath == "migration") return Migration.Step(step);
        if (BuiltIn.Contains(nameOrPath))
        {
            using var stream = typeof(ArchitectureCatalog).Assembly.GetManifestResourceStream(ResourcePrefix + nameOrPath + ".json")!;
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            return ArchitectureReader.Parse(memory.ToArray(), nameOrPath + ".json (built in)");
        }
        return ArchitectureReader.Read(nameOrPath);
    }
}
