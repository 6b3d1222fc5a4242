using Spigo.Gotocol;
using Spigo.Grains.Metrics;

namespace Spigo.Grains.Services;

/// <summary>What <see cref="GuardedCalls"/> needs of the service that owns them.</summary>
internal interface IGuardedCaller
{
    /// <summary>The service as a listener: its attempts' answers come back to it.</summary>
    IGotocolListener Self { get; }

    /// <summary>Named and not gone: only then is a failed attempt retried.</summary>
    bool Aboard { get; }

    /// <summary>A fresh span for an attempt, from the service's dice.</summary>
    ulong NextSpan();

    /// <summary>The counts of the calls from this service to <paramref name="dependency"/>.</summary>
    ResilienceSeries SeriesFor(string dependency);

    /// <summary>A breaker changed state (recorded in Edda).</summary>
    void BreakerMoved(string dependency, DependencyGuard guard);

    /// <summary>The answer to a request (its trace as it arrived) has left.</summary>
    void Answered(TraceContext incoming);

    /// <summary>Calls <see cref="GuardedCalls.Expire"/> after <paramref name="due"/>, instead of any earlier arming.</summary>
    void ArmDeadlines(TimeSpan due);
}
