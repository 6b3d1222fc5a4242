namespace Spigo.Client.Architectures;

/// <summary>A malformed or inconsistent architecture; the message names the file and the field.</summary>
public sealed class ArchitectureException(string message) : FormatException(message);
