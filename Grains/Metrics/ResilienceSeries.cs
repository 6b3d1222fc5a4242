using System.Diagnostics;
using System.Diagnostics.Metrics;
using Spigo.Grains.Simulation;
using Spigo.Runs;

namespace Spigo.Grains.Metrics;

/// <summary>
/// What the instances of one service did to protect themselves from one dependency (architecture, service,
/// dependency): retries, timeouts, fallbacks, rejections, and how many of their breakers are in each state. Fed only
/// when something happens, so a service without a policy pays nothing.
/// </summary>
public sealed class ResilienceSeries(string arch, string service, string dependency)
{
    private long _attempts, _retries, _timeouts, _fallbacks, _breakerRejections, _bulkheadRejections, _budgetDenials, _opened;
    private readonly long[] _states = new long[3];

    public string Arch { get; } = arch;
    public string Service { get; } = service;
    public string Dependency { get; } = dependency;

    /// <summary>A request was sent to the dependency: a first attempt or a retry.</summary>
    public void Attempted() => Interlocked.Increment(ref _attempts);

    public void Retried() => Interlocked.Increment(ref _retries);
    public void TimedOut() => Interlocked.Increment(ref _timeouts);
    public void FellBack() => Interlocked.Increment(ref _fallbacks);
    public void BudgetDenied() => Interlocked.Increment(ref _budgetDenials);
    public void Opened() => Interlocked.Increment(ref _opened);

    public void Rejected(Rejection reason)
    {
        if (reason == Rejection.Bulkhead) Interlocked.Increment(ref _bulkheadRejections);
        else Interlocked.Increment(ref _breakerRejections);
    }

    /// <summary>A breaker of this series was set up closed (from null) or moved from one state to another.</summary>
    public void Breaker(BreakerState? from, BreakerState to)
    {
        if (from is { } f) Interlocked.Decrement(ref _states[(int)f]);
        Interlocked.Increment(ref _states[(int)to]);
    }

    /// <summary>A breaker in <paramref name="state"/> went with its nanoservice.</summary>
    public void BreakerGone(BreakerState state) => Interlocked.Decrement(ref _states[(int)state]);

    public ResilienceShare ToShare() => new(Service, Dependency, Interlocked.Read(ref _retries), Interlocked.Read(ref _timeouts),
        Interlocked.Read(ref _fallbacks), Interlocked.Read(ref _breakerRejections), Interlocked.Read(ref _bulkheadRejections),
        Interlocked.Read(ref _budgetDenials), Interlocked.Read(ref _opened), Interlocked.Read(ref _attempts));

    private TagList Tags(string? extra = null, string? value = null)
    {
        var tags = new TagList { { "architecture", Arch }, { "service", Service }, { "dependency", Dependency } };
        if (extra is not null) tags.Add(extra, value);
        return tags;
    }

    internal IEnumerable<Measurement<long>> Counts(string kind) => kind switch
    {
        "retries" => [new(Interlocked.Read(ref _retries), Tags())],
        "timeouts" => [new(Interlocked.Read(ref _timeouts), Tags())],
        "fallbacks" => [new(Interlocked.Read(ref _fallbacks), Tags())],
        "rejections" =>
        [
            new(Interlocked.Read(ref _breakerRejections), Tags("reason", "breaker")),
            new(Interlocked.Read(ref _bulkheadRejections), Tags("reason", "bulkhead")),
            new(Interlocked.Read(ref _budgetDenials), Tags("reason", "budget")),
        ],
        _ =>
        [
            new(Interlocked.Read(ref _states[0]), Tags("state", "closed")),
            new(Interlocked.Read(ref _states[1]), Tags("state", "open")),
            new(Interlocked.Read(ref _states[2]), Tags("state", "half_open")),
        ],
    };
}
