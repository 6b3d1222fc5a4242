using Spigo.Client.Architectures;
using Spigo.Client.Fsm;

namespace Spigo.Client.Cli;

/// <summary>What a run produced: the pirates' or the architecture's result, and the files written.</summary>
public sealed record SimulationResult(FsmResult? Fsm, ArchitectureResult? Architecture, IReadOnlyList<string> Files);
