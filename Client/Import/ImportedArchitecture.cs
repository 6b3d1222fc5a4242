namespace Spigo.Client.Import;

/// <summary>An architecture built from deployment files, what could not be resolved, and what was assumed.</summary>
public sealed record ImportedArchitecture(string Arch, string Description, string Victim, IReadOnlyList<ImportedService> Services,
    IReadOnlyList<string> Unresolved, IReadOnlyList<string> Notes)
{
    /// <summary>The offered rate the source measured (traces), as a json_arch "load".</summary>
    public string? Load { get; init; }
}
