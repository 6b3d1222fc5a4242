namespace Spigo.Grains.Simulation;

/// <summary>A circuit breaker's state, as Hystrix names them; the value is what <c>spigo_circuit_breaker_state</c> reports.</summary>
public enum BreakerState
{
    Closed = 0,
    Open = 1,
    HalfOpen = 2,
}
