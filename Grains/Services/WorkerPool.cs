using Spigo.Gotocol;

namespace Spigo.Grains.Services;

/// <summary>
/// The workers and the queue of one instance that has a <see cref="Capacity"/>: a request takes a free worker, or
/// waits in arrival order while there is room, or is refused. A worker is freed by the service that holds it (when
/// the service time is over, or when the request's answer leaves), and goes straight to the next request waiting.
/// Waiting costs a place in a queue, no thread and no timer.
/// </summary>
internal sealed class WorkerPool(Capacity capacity)
{
    private readonly Queue<(GotocolMessage Request, long Arrived)> _waiting = new();
    private readonly HashSet<ulong> _holding = [];

    public Capacity Capacity => capacity;

    /// <summary>Workers serving a request now.</summary>
    public int Busy { get; private set; }

    public int Waiting => _waiting.Count;

    /// <summary>What happens to a request arriving at <paramref name="now"/> (a <see cref="System.Diagnostics.Stopwatch"/> timestamp).</summary>
    public Admission Admit(GotocolMessage request, long now)
    {
        if (Busy < capacity.Workers)
        {
            Busy++;
            return Admission.Start;
        }
        if (_waiting.Count >= capacity.Queue) return Admission.Refused;
        _waiting.Enqueue((request, now));
        return Admission.Queued;
    }

    /// <summary>The request with this span keeps its worker until its answer leaves (a blocking server).</summary>
    public void HoldUntilAnswered(ulong span) => _holding.Add(span);

    /// <summary>The answer to the request with this span leaves: true when it held a worker, which is now to be freed.</summary>
    public bool Answered(ulong span) => _holding.Remove(span);

    /// <summary>A worker is free: the next request waiting takes it (and is returned, with when it arrived), or it rests.</summary>
    public bool Free(out GotocolMessage next, out long arrived)
    {
        if (_waiting.TryDequeue(out var item))
        {
            (next, arrived) = item;
            return true;
        }
        Busy = Math.Max(0, Busy - 1);
        (next, arrived) = (null!, 0);
        return false;
    }

    /// <summary>Takes every request still waiting (the instance is leaving: they are answered failed).</summary>
    public List<GotocolMessage> TakeWaiting()
    {
        var all = _waiting.Select(w => w.Request).ToList();
        _waiting.Clear();
        return all;
    }
}
