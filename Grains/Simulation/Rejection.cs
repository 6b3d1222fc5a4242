namespace Spigo.Grains.Simulation;

/// <summary>Why a guarded call was refused before it was sent.</summary>
public enum Rejection
{
    /// <summary>Too many calls to the dependency in flight.</summary>
    Bulkhead,

    /// <summary>The circuit breaker is open, or half-open with its trial in flight.</summary>
    Breaker,
}
