namespace Spigo.Client.Import;

/// <summary>What <c>spigo import</c> was asked.</summary>
public sealed record ImportArguments(string Format, IReadOnlyList<string> Files, string? Out, string? Name, IReadOnlyList<string> Depends, IReadOnlyList<string> Entries, string? Report = null);
