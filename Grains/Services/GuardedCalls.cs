using Spigo.Gotocol;
using Spigo.Grains.Simulation;

namespace Spigo.Grains.Services;

/// <summary>
/// Calls to dependencies under a resilience policy (Hystrix and Ribbon): each attempt is admitted by the breaker and
/// the bulkhead or refused, carries a deadline, and when it fails or times out is retried on another instance after
/// its back-off while the retries and the retry budget allow; else the request is given up (a read gets the fallback
/// when the policy has one). One timer, armed for the earliest deadline, serves every attempt.
/// </summary>
internal sealed class GuardedCalls(DependencyDirectory directory, PendingRequests pending, Outbox outbox, ServiceMeter meter, IGuardedCaller caller)
{
    private Dictionary<string, ResiliencePolicy>? _policies;
    private Dictionary<string, DependencyGuard?>? _guards;
    private PriorityQueue<ulong, DateTime>? _deadlines;
    private DateTime _armed = DateTime.MaxValue;

    /// <summary>
    /// How to call <paramref name="dependency"/> (<see cref="ResiliencePolicy.AnyDependency"/> for any without a policy
    /// of its own).
    /// </summary>
    public void SetPolicy(string dependency, ResiliencePolicy policy)
    {
        (_policies ??= new(StringComparer.Ordinal))[dependency] = policy;
        _guards = null;
    }

    /// <summary>The guard of calls to a dependency service; null when no policy covers it.</summary>
    public DependencyGuard? GuardOf(string service)
    {
        if (_policies is null) return null;
        _guards ??= new(StringComparer.Ordinal);
        if (_guards.TryGetValue(service, out var guard)) return guard;
        if (_policies.TryGetValue(service, out var policy)
            || _policies.TryGetValue(ResiliencePolicy.AnyDependency, out policy))
        {
            guard = new DependencyGuard(policy, caller.SeriesFor(service));
            if (policy.BreakerFailures > 0) guard.Series.Breaker(null, BreakerState.Closed);
        }
        return _guards[service] = guard;
    }

    /// <summary>The first attempt of a request, leaving after <paramref name="hold"/>; false when no instance is known.</summary>
    public bool Start(GotocolMessage request, string service, bool inZone, DependencyGuard guard, TimeSpan hold)
    {
        var now = SteadyClock.UtcNow;
        return Choose(service, inZone, guard, null, now) is { } first && Attempt(request, service, inZone, guard, first, 0, hold, now);
    }

    /// <summary>An attempt's answer: false when it failed and was retried or given up here (nothing to pass on).</summary>
    public bool Answered(GuardedAttempt attempt, Outcome outcome)
    {
        attempt.Guard.InFlight--;
        if (outcome == Outcome.Failed)
        {
            Failed(attempt, SteadyClock.UtcNow);
            return false;
        }
        if (attempt.Guard.Succeeded()) caller.BreakerMoved(attempt.Service, attempt.Guard);
        return true;
    }

    /// <summary>Every attempt whose deadline has passed without an answer counts as failed; the timer is armed for the next.</summary>
    public void Expire()
    {
        var now = SteadyClock.UtcNow;
        _armed = DateTime.MaxValue;
        while (_deadlines is { Count: > 0 } && _deadlines.TryPeek(out var span, out var deadline))
        {
            if (deadline > now)
            {
                _armed = deadline;
                caller.ArmDeadlines(deadline - now);
                return;
            }
            _deadlines.Dequeue();
            if (pending.TryGet(span, out var request) && request.Attempt is { } attempt && attempt.Deadline == deadline)
            {
                pending.Remove(span, out _);
                attempt.Guard.InFlight--;
                attempt.Guard.Series.TimedOut();
                request.Edge?.TimedOut();
                Failed(attempt, now);
            }
        }
    }

    /// <summary>The service leaves: its breakers are no longer counted as in any state.</summary>
    public void Leaving()
    {
        foreach (var guard in _guards?.Values ?? Enumerable.Empty<DependencyGuard?>())
        {
            if (guard is { Policy.BreakerFailures: > 0 }) guard.Series.BreakerGone(guard.State);
        }
    }

    private DependencyInstance? Choose(string service, bool inZone, DependencyGuard guard, string? avoid, DateTime now) =>
        directory.ChooseInstance(service, inZone, instance => guard.Shuns(instance, now), avoid);

    private bool Attempt(GotocolMessage request, string service, bool inZone, DependencyGuard guard, DependencyInstance target, int number,
        TimeSpan hold, DateTime arrived)
    {
        if (!request.Trace.HasHopsLeft) return false;
        var now = SteadyClock.UtcNow;
        var refused = guard.Admit(now, out var changed);
        if (changed) caller.BreakerMoved(service, guard);
        if (refused is { } rejection)
        {
            guard.Series.Rejected(rejection);
            GiveUp(request, guard, arrived);
            return true;
        }
        if (number == 0) guard.Deposit();
        var span = caller.NextSpan();
        var trace = request.Trace.IsEmpty ? new TraceContext(span, 0, span) : request.Trace.Child(span);
        var deadline = guard.Policy.Timeout is { } timeout ? now + hold + timeout : DateTime.MaxValue;
        var edge = meter.Sending(target);
        pending.Add(span, new PendingRequest(request.ReplyTo!, request.Trace, now,
            new GuardedAttempt(guard, service, inZone, request, number, target.FullName, deadline, arrived), edge, now + hold));
        guard.InFlight++;
        guard.Series.Attempted();
        outbox.Send(target.Listener, new GotocolMessage(request.Imposition, caller.Self, now + hold, request.Intention, trace), hold, target.Name);
        if (deadline != DateTime.MaxValue) Watch(span, deadline, now);
        return true;
    }

    private void Failed(GuardedAttempt attempt, DateTime now)
    {
        var guard = attempt.Guard;
        if (guard.Failed(now, attempt.Instance)) caller.BreakerMoved(attempt.Service, guard);
        if (attempt.Number < guard.Policy.Retries && caller.Aboard)
        {
            if (!guard.TryWithdraw())
            {
                guard.Series.BudgetDenied();
            }
            else if (Choose(attempt.Service, attempt.InZone, guard, attempt.Instance, now) is { } next)
            {
                guard.Series.Retried();
                var backoff = guard.Policy.Backoff * Math.Pow(2, attempt.Number);
                Attempt(attempt.Request, attempt.Service, attempt.InZone, guard, next, attempt.Number + 1, backoff, attempt.Arrived);
                return;
            }
        }
        GiveUp(attempt.Request, guard, attempt.Arrived);
    }

    private void GiveUp(GotocolMessage request, DependencyGuard guard, DateTime arrived)
    {
        if (request.ReplyTo is not { } asker) return;
        if (meter.Counting && meter.TakeSample()) meter.Responded(arrived);
        var key = ServiceGrain.KeyOf(request.Intention);
        var fallback = guard.Policy.Fallback && request.Imposition == Imposition.GetRequest;
        if (fallback) guard.Series.FellBack();
        outbox.Send(asker, new GotocolMessage(Imposition.GetResponse, caller.Self, SteadyClock.UtcNow,
            fallback ? Intention.Pair(key, Intention.FallbackValue) : key, request.Trace, fallback ? Outcome.Fallback : Outcome.Failed), TimeSpan.Zero, null);
        caller.Answered(request.Trace);
    }

    private void Watch(ulong span, DateTime deadline, DateTime now)
    {
        (_deadlines ??= new()).Enqueue(span, deadline);
        if (deadline >= _armed) return;
        _armed = deadline;
        caller.ArmDeadlines(deadline - now);
    }
}
