using Spigo.Gotocol;
using Spigo.Names;

namespace Spigo.Grains.Services;

/// <summary>How a service finds its dependencies: the listeners it is handed, Eureka's instances, polling, and leaving its registries when drained.</summary>
public abstract partial class ServiceGrain
{
    private void Listen(string role, IGotocolListener listener)
    {
        switch (role)
        {
            case ListenerRole.Edda: Edda = listener; break;
            case ListenerRole.Eureka: Directory.Registries.Add(listener); Directory.Lookups.Add(listener); break;
            case ListenerRole.Lookup: Directory.Lookups.Add(listener); break;
        }
    }

    /// <summary>Without a listener: "depend on this service". With one (from Eureka): "here is an instance of it".</summary>
    protected override Task OnNameDrop(GotocolMessage message)
    {
        if (!Aboard) return Task.CompletedTask;
        if (message.ReplyTo is null)
        {
            Directory.Want(message.Intention);
            return Task.CompletedTask;
        }
        if (!NanoName.TryParse(message.Intention, out var name, out _) || !Directory.Learn(name, message.Intention, message.ReplyTo)) return Task.CompletedTask;
        OnInstancesChanged(name.Service);
        if (message.Intention == Name) return Task.CompletedTask;
        Series.Learned();
        Edda?.Listen(GotocolMessage.Create(Imposition.Inform, Self, Intention.Pair(Name, message.Intention)));
        return Task.CompletedTask;
    }

    protected override Task OnForget(GotocolMessage message)
    {
        if (NanoName.TryParse(message.Intention, out var name, out _) && Directory.Forget(name, message.Intention)) OnInstancesChanged(name.Service);
        return Task.CompletedTask;
    }

    /// <summary>Chat starts the service: register with Eureka, then poll it at the given interval (-u).</summary>
    protected override Task OnChat(GotocolMessage message)
    {
        if (!Aboard || !GoDuration.TryParse(message.Intention, out var interval) || interval <= TimeSpan.Zero) return Task.CompletedTask;
        // Set up again: the registries named its dependencies to its earlier activation; they must name them once more.
        if (Rebuilt)
        {
            foreach (var registry in Directory.Lookups) registry.Listen(GotocolMessage.Create(Imposition.Hello, Self, Name));
        }
        foreach (var registry in Directory.Registries) registry.Listen(GotocolMessage.Create(Imposition.Put, Self, Intention.Pair(Name, Me.Package)));
        Poll();
        _poll?.Dispose();
        _poll = this.RegisterGrainTimer(static (service, _) =>
        {
            service.Poll();
            service.FreeDueWorkers();
            service.ReportIfDrained();
            return Task.CompletedTask;
        }, this, new GrainTimerCreationOptions(interval, interval) { Interleave = false, KeepAlive = true });
        return Task.CompletedTask;
    }

    /// <summary>When a drain began: past this time, and with nothing in hand, it tells the controller it is drained.</summary>
    private DateTime? _drainedAfter;

    private bool _drainReported;

    /// <summary>
    /// The auto-scaler takes this instance out: it leaves its registries (whose subscribers forget it at once) but
    /// serves whatever still reaches it; once <paramref name="grace"/> has passed and nothing is in hand, it says so.
    /// </summary>
    private void Drain(TimeSpan grace)
    {
        if (_drainedAfter is not null) return;
        _drainedAfter = SteadyClock.UtcNow + grace;
        foreach (var registry in Directory.Registries) registry.Listen(GotocolMessage.Create(Imposition.Delete, Self, Name));
    }

    private void ReportIfDrained()
    {
        if (_drainReported || _drainedAfter is not { } after || SteadyClock.UtcNow < after || Pending.Count > 0 || _pool is { Idle: false }) return;
        _drainReported = true;
        Controller?.Listen(GotocolMessage.Create(Imposition.Inform, Self, Intention.Pair(Intention.Drained, Name)));
    }

    private void Poll()
    {
        if (!Aboard) return;
        foreach (var registry in Directory.Lookups)
        {
            foreach (var service in Directory.Wanted) registry.Listen(GotocolMessage.Create(Imposition.GetRequest, Self, service));
        }
        Pending.Sweep(SteadyClock.UtcNow);
    }
}
