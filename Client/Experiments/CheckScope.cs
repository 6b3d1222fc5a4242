namespace Spigo.Client.Experiments;

/// <summary>
/// Where a check must hold: in every phase (<c>all</c>, the default), over the whole run as one (<c>run</c>), in the
/// phases named (<c>[before, "gorilla us-east-1.zoneA"]</c>), or after every fault that ends, from <see cref="Within"/>
/// after its end (<c>after-faults</c>, with <c>within: 5s</c>).
/// </summary>
public sealed record CheckScope(CheckScopeKind Kind, IReadOnlyList<string> Phases, TimeSpan Within)
{
    public static readonly CheckScope EveryPhase = new(CheckScopeKind.EveryPhase, [], TimeSpan.Zero);
    public static readonly CheckScope WholeRun = new(CheckScopeKind.WholeRun, [], TimeSpan.Zero);

    /// <summary>The spans of seconds of a run this scope covers, from the run's phases.</summary>
    public IReadOnlyList<PhaseWindow> Windows(IReadOnlyList<PhaseWindow> phases, int duration) => Kind switch
    {
        CheckScopeKind.WholeRun => [new PhaseWindow("run", 0, duration)],
        CheckScopeKind.Named => [.. phases.Where(p => p.Parts.Any(Phases.Contains))],
        CheckScopeKind.AfterFaults => [.. phases.Where(p => p.AfterFault).Select(p => p with { Name = $"{p.Name} (from {Gotocol.GoDuration.Format(Within)})", From = p.From + (int)Math.Ceiling(Within.TotalSeconds) }).Where(p => p.To > p.From)],
        _ => phases,
    };

    public override string ToString() => Kind switch
    {
        CheckScopeKind.WholeRun => "over the run",
        CheckScopeKind.Named => "in " + string.Join(", ", Phases),
        CheckScopeKind.AfterFaults => $"after every fault, within {Gotocol.GoDuration.Format(Within)}",
        _ => "in every phase",
    };
}
