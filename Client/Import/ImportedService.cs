namespace Spigo.Client.Import;

/// <summary>A service of an imported architecture: its json_arch fields, and why each dependency is there.</summary>
public sealed record ImportedService(string Name, string Package, int Count, int Regions, IReadOnlyList<string> Dependencies,
    IReadOnlyDictionary<string, string> Because, string Image = "", IReadOnlyList<string>? Notes = null, string? Latency = null);
