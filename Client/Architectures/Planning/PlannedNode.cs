using Spigo.Names;

namespace Spigo.Client.Architectures;

/// <summary>A nanoservice Asgard will create: its name, and the services it depends on.</summary>
public sealed record PlannedNode(NanoName Name, IReadOnlyList<string> Dependencies)
{
    public string FullName { get; } = Name.ToString();
}
