using Spigo.Gotocol;

namespace Spigo.Grains.Services;

/// <summary>What Inform sets: the listeners a service is handed, and how it serves (service time, network, errors, capacity, policies, a drain).</summary>
public abstract partial class ServiceGrain
{
    /// <summary>
    /// Inform hands over a listener: "edda" (the logger), "eureka" (register here), "lookup" (ask here); from the
    /// controller, <see cref="Intention.Replacement"/> says this setup replaces a node lost with its silo and
    /// <see cref="Intention.Restored"/> that it brings back one a fault had stopped; "setting value" sets how it serves.
    /// </summary>
    protected override Task OnInform(GotocolMessage message)
    {
        if (!Aboard) return Task.CompletedTask;
        if (message.Intention == Intention.WorkerFree)
        {
            FreeWorker();
            FreeDueWorkers();
            return Task.CompletedTask;
        }
        if (TakeRebuild(message)) return Task.CompletedTask;
        if (message.ReplyTo is null && Intention.TrySplitPair(message.Intention, out var setting, out var value)) Set(setting, value);
        else if (message.ReplyTo is { } listener) Listen(message.Intention, listener);
        return Task.CompletedTask;
    }

    private void Set(string setting, string value)
    {
        if (setting == Intention.Latency && ServiceTime.TryParse(value, out var time, out _)) _serviceTime = time;
        if (setting == Intention.Network && NetworkDelays.TryParse(value, out var delays, out _)) Outbox.Network = delays;
        if (setting == Intention.Errors && PlainNumber.TryParse(value, out var rate)) _errorRate = Math.Clamp(rate, 0, 1);
        if (setting == Intention.Capacity && _pool is null && Capacity.TryParse(value, out var capacity, out _))
        {
            var workers = Metrics.WorkersFor(_me);
            _pool = new WorkerPool(capacity, workers, waited =>
            {
                if (Metrics.Timing) Metrics.QueueWait.Record(waited, workers.Tags);
            });
        }
        if (setting == Intention.Drain && GoDuration.TryParse(value, out var grace)) Drain(grace);
        if (setting == Intention.Resilience && value.IndexOf('=', StringComparison.Ordinal) is > 0 and var equals
            && ResiliencePolicy.TryParse(value[(equals + 1)..], out var policy, out _))
        {
            Guarded.SetPolicy(value[..equals], policy);
        }
    }
}
