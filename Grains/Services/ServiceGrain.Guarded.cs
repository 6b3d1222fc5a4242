using Spigo.Edda;
using Spigo.Gotocol;
using Spigo.Grains.Metrics;
using Spigo.Grains.Simulation;

namespace Spigo.Grains.Services;

/// <summary>What the <see cref="GuardedCalls"/> ask of the service they call dependencies for.</summary>
public abstract partial class ServiceGrain
{
    private ulong NextSpan() => ((ulong)(uint)Roll(int.MaxValue) << 32 | (uint)Roll(int.MaxValue)) | 1;

    IGotocolListener IGuardedCaller.Self => Self;

    bool IGuardedCaller.Aboard => Aboard;

    ulong IGuardedCaller.NextSpan() => NextSpan();

    ResilienceSeries IGuardedCaller.SeriesFor(string dependency) => Metrics.ResilienceFor(Me.Arch, Me.Service, dependency);

    /// <summary>A breaker changed state: Edda records it ("breaker:DEPENDENCY:open"), next to the nanoservice's name.</summary>
    void IGuardedCaller.BreakerMoved(string dependency, DependencyGuard guard)
    {
        var state = guard.State switch { BreakerState.Open => "open", BreakerState.HalfOpen => "half-open", _ => "closed" };
        Edda?.Listen(GotocolMessage.Create(Imposition.Put, Self, Intention.Pair(Name, EddaEvent.Of(EddaEvent.Breaker, $"{dependency}:{state}"))));
    }

    void IGuardedCaller.Answered(TraceContext incoming) => Released(incoming, TimeSpan.Zero);

    void IGuardedCaller.ArmDeadlines(TimeSpan due)
    {
        if (_deadlineTimer is null)
        {
            _deadlineTimer = this.RegisterGrainTimer(static (service, _) =>
            {
                service.Guarded.Expire();
                service.FreeDueWorkers();
                return Task.CompletedTask;
            }, this,
                new GrainTimerCreationOptions(due, Timeout.InfiniteTimeSpan) { Interleave = false, KeepAlive = true });
        }
        else
        {
            _deadlineTimer.Change(due, Timeout.InfiniteTimeSpan);
        }
    }
}
