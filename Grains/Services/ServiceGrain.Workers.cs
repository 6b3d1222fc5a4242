using System.Diagnostics;
using Spigo.Gotocol;

namespace Spigo.Grains.Services;

/// <summary>The workers of a service with a capacity: a request is served, queued or refused, and each worker freed goes to the next request waiting.</summary>
public abstract partial class ServiceGrain
{
    /// <summary>A request to an instance with a capacity: served by a free worker, queued, or refused as overloaded.</summary>
    private void Admit(WorkerPool pool, GotocolMessage message)
    {
        switch (pool.Admit(message, Stopwatch.GetTimestamp()))
        {
            case Admission.Start:
                Begin(pool, message);
                break;
            case Admission.Queued:
                break;
            default:
                _serving = TimeSpan.Zero;
                Meter.Failed();
                Answer(message, Intention.Pair(KeyOf(message.Intention), Intention.Overloaded), Outcome.Failed);
                break;
        }
    }

    /// <summary>A worker takes the request: for its service time alone (async), or until its answer leaves.</summary>
    private void Begin(WorkerPool pool, GotocolMessage message)
    {
        _serving = _serviceTime is { } time ? time.Sample(Uniform) : TimeSpan.Zero;
        if (!pool.Capacity.Async && !message.Trace.IsEmpty && AskerOf(message) is not null) pool.HoldUntilAnswered(message.Trace.Span);
        else FreeAfter(_serving);
        if (_errorRate > 0 && Uniform() < _errorRate) Fail(message);
        else Handle(message);
    }

    /// <summary>
    /// Frees a worker after <paramref name="delay"/>: by a note to itself through the silo's delay line, or, with none,
    /// once this turn's work is done (never mid-turn: the request served next would change what this one is doing).
    /// </summary>
    private void FreeAfter(TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero) _pool?.FreeAtTurnEnd();
        else Outbox.Later(Self, GotocolMessage.Create(Imposition.Inform, null, Intention.WorkerFree), delay);
    }

    private void FreeDueWorkers()
    {
        while (_pool?.TakeDueFree() == true) FreeWorker();
    }

    /// <summary>The answer to a request (as it arrived) has left: the worker it held is freed after <paramref name="after"/>.</summary>
    private void Released(TraceContext incoming, TimeSpan after)
    {
        if (_pool is { } pool && !incoming.IsEmpty && pool.Answered(incoming.Span)) FreeAfter(after);
    }

    private void FreeWorker()
    {
        if (_pool is { } pool && pool.Free(out var next)) Begin(pool, next);
    }
}
