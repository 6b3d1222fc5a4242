namespace Spigo.Client.Experiments;

/// <summary>A parameter an experiment sweeps: written <c>${Name}</c> in flag values, given each of <see cref="Values"/> in turn.</summary>
public sealed record SweepParameter(string Name, IReadOnlyList<string> Values, Mark At);
