using Spigo.Client.Fsm;

namespace Spigo.Client.Cli;

public sealed record SimulationResult(FsmResult Fsm, IReadOnlyList<string> Files);
