namespace Spigo.Client.Experiments;

/// <summary>The kinds of <see cref="CheckScope"/>.</summary>
public enum CheckScopeKind
{
    EveryPhase,
    WholeRun,
    Named,
    AfterFaults,
}
