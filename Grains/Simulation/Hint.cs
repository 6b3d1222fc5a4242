using Spigo.Gotocol;

namespace Spigo.Grains.Simulation;

/// <summary>A copy of a write a partition kept from <paramref name="Receiver"/>, delivered when the partition heals.</summary>
public sealed record Hint(string Receiver, GotocolMessage Message);
