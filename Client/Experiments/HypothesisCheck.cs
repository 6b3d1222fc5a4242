namespace Spigo.Client.Experiments;

/// <summary>
/// One check of a steady-state hypothesis: a figure (of one service's workers, or end to end), a bound it must meet
/// (at least or at most a threshold), and where it must meet it.
/// </summary>
public sealed record HypothesisCheck(string Name, Figure Figure, string? Service, bool AtLeast, double Threshold, CheckScope Scope, Mark At)
{
    /// <summary>Whether a value meets the bound.</summary>
    public bool Holds(double value) => AtLeast ? value >= Threshold - 1e-12 : value <= Threshold + 1e-12;

    /// <summary>How far a value misses the bound (positive: by how much; zero or less: it holds).</summary>
    public double Miss(double value) => AtLeast ? Threshold - value : value - Threshold;

    /// <summary>The check as a sentence: p99 at most 200ms after every fault, within 5s.</summary>
    public string Statement => $"{Figure.Name}{(Service is null ? "" : $" of {Service}")} {(AtLeast ? "at least" : "at most")} {Figure.Format(Threshold)} {Scope}";
}
