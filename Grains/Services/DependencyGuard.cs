using Spigo.Gotocol;
using Spigo.Grains.Metrics;
using Spigo.Grains.Simulation;

namespace Spigo.Grains.Services;

/// <summary>
/// One nanoservice's protection from one dependency service (<see cref="ResiliencePolicy"/>): its circuit breaker,
/// bulkhead, retry budget, and the instances that failed lately, which the next choices avoid (Ribbon). Lives in the
/// grain, so it needs no locking.
/// </summary>
internal sealed class DependencyGuard(ResiliencePolicy policy, ResilienceSeries series)
{
    /// <summary>Retries anyone may make before the budget has earned any: a reserve, as Finagle's budgets keep.</summary>
    private const double Reserve = 10;

    /// <summary>What the budget can save up: a long quiet spell must not pay for a storm of retries later.</summary>
    private const double Ceiling = 100;

    /// <summary>How long an instance that failed is passed over when there are others, without a breaker of its own.</summary>
    private static readonly TimeSpan Shunned = TimeSpan.FromSeconds(1);

    private int _failuresInRow;
    private DateTime _openUntil;
    private bool _trialInFlight;
    private double _budget = Reserve;
    private readonly Dictionary<string, DateTime> _failedUntil = new(StringComparer.Ordinal);

    public ResiliencePolicy Policy { get; } = policy;

    public ResilienceSeries Series { get; } = series;

    public BreakerState State { get; private set; } = BreakerState.Closed;

    /// <summary>Requests sent to the dependency and not yet answered or timed out.</summary>
    public int InFlight { get; set; }

    /// <summary>
    /// Whether a request may go to the dependency now; if not, why not. An open breaker whose
    /// time is up lets one trial through (half-open). <paramref name="changed"/> is set when the breaker's state changed.
    /// </summary>
    public Rejection? Admit(DateTime now, out bool changed)
    {
        changed = false;
        if (Policy.Bulkhead > 0 && InFlight >= Policy.Bulkhead) return Rejection.Bulkhead;
        if (Policy.BreakerFailures == 0) return null;
        if (State == BreakerState.Open)
        {
            if (now < _openUntil) return Rejection.Breaker;
            changed = Move(BreakerState.HalfOpen);
            _trialInFlight = false;
        }
        if (State == BreakerState.HalfOpen)
        {
            if (_trialInFlight) return Rejection.Breaker;
            _trialInFlight = true;
        }
        return null;
    }

    /// <summary>A first attempt earns the retry budget its share.</summary>
    public void Deposit() => _budget = Math.Min(Ceiling, _budget + Policy.RetryBudget);

    /// <summary>Takes one retry from the budget, if it has one.</summary>
    public bool TryWithdraw()
    {
        if (_budget < 1) return false;
        _budget -= 1;
        return true;
    }

    /// <summary>The dependency answered: the breaker closes if it was trying.</summary>
    public bool Succeeded()
    {
        _failuresInRow = 0;
        _trialInFlight = false;
        return State != BreakerState.Closed && Move(BreakerState.Closed);
    }

    /// <summary>The dependency failed (or timed out) at <paramref name="instance"/>: returns whether the breaker's state changed.</summary>
    public bool Failed(DateTime now, string? instance)
    {
        if (instance is not null) _failedUntil[instance] = now + (Policy.BreakerFailures > 0 ? Policy.BreakerOpen : Shunned);
        _failuresInRow++;
        _trialInFlight = false;
        if (Policy.BreakerFailures == 0) return false;
        if (State == BreakerState.HalfOpen || (State == BreakerState.Closed && _failuresInRow >= Policy.BreakerFailures))
        {
            _openUntil = now + Policy.BreakerOpen;
            return Move(BreakerState.Open);
        }
        return false;
    }

    /// <summary>Whether an instance failed lately and should be passed over while there are others.</summary>
    public bool Shuns(string instance, DateTime now)
    {
        if (!_failedUntil.TryGetValue(instance, out var until)) return false;
        if (until > now) return true;
        _failedUntil.Remove(instance);
        return false;
    }

    private bool Move(BreakerState to)
    {
        Series.Breaker(State, to);
        State = to;
        if (to == BreakerState.Open) Series.Opened();
        return true;
    }
}
