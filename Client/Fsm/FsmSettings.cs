using Spigo.Edda;

namespace Spigo.Client.Fsm;

/// <summary>How the FSM should run: who the pirates are, how long they talk, and whether Edda records it.</summary>
public sealed record FsmSettings
{
    public required string Arch { get; init; }
    /// <summary>Dotted names of the pirates, in creation order.</summary>
    public required IReadOnlyList<string> Pirates { get; init; }
    /// <summary>Edges to namedrop at setup (a reload); otherwise each pirate gets two random buddies.</summary>
    public IReadOnlyList<(string Source, string Target)>? Edges { get; init; }
    public TimeSpan Duration { get; init; }
    public int Seed { get; init; }
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);
    /// <summary>Edda to record nodes and edges in, or null when no output needs them.</summary>
    public IEdda? Edda { get; init; }
    /// <summary>Set up pirates without Chat, so the graph stays exactly as given (used for exact reload round trips).</summary>
    public bool NoChat { get; init; }
    /// <summary>Set up through setup relays inside the cluster (for a remote cluster, where every call crosses a gateway).</summary>
    public bool Relay { get; init; }
    /// <inheritdoc cref="Architectures.ArchitectureSettings.AfterSetup"/>
    public Func<Task<IReadOnlyList<Hosting.SiloCount>>>? AfterSetup { get; init; }
}
