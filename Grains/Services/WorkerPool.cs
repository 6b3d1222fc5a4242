using System.Diagnostics;
using Spigo.Gotocol;
using Spigo.Grains.Metrics;

namespace Spigo.Grains.Services;

/// <summary>
/// The workers and the queue of one instance that has a <see cref="Capacity"/>: a request takes a free worker, or
/// waits in arrival order while there is room, or is refused. A worker is freed by the service that holds it (when
/// the service time is over, or when the request's answer leaves), and goes straight to the next request waiting.
/// Waiting costs a place in a queue, no thread and no timer. Every change is counted in the zone's
/// <see cref="WorkerSeries"/>.
/// </summary>
internal sealed class WorkerPool
{
    private readonly Queue<(GotocolMessage Request, long Arrived)> _waiting = new();
    private readonly HashSet<ulong> _holding = [];
    private readonly WorkerSeries _series;
    private readonly Action<double> _waited;
    private int _freesDue;

    /// <summary>An instance's workers, counted in <paramref name="series"/>; <paramref name="waited"/> is told how long each request that waited did, in seconds.</summary>
    public WorkerPool(Capacity capacity, WorkerSeries series, Action<double> waited)
    {
        Capacity = capacity;
        _series = series;
        _waited = waited;
        series.Change(instances: 1, workers: capacity.Workers);
    }

    public Capacity Capacity { get; }

    /// <summary>Workers serving a request now.</summary>
    public int Busy { get; private set; }

    /// <summary>No request is being served or waits.</summary>
    public bool Idle => Busy == 0 && _waiting.Count == 0;

    /// <summary>What happens to a request arriving at <paramref name="now"/> (a <see cref="Stopwatch"/> timestamp).</summary>
    public Admission Admit(GotocolMessage request, long now)
    {
        if (Busy < Capacity.Workers)
        {
            _series.Admit();
            Busy++;
            _series.Change(busy: 1);
            return Admission.Start;
        }
        if (_waiting.Count >= Capacity.Queue)
        {
            _series.Refuse();
            return Admission.Refused;
        }
        _waiting.Enqueue((request, now));
        _series.Admit();
        _series.Change(waiting: 1);
        return Admission.Queued;
    }

    /// <summary>The request with this span keeps its worker until its answer leaves (a blocking server).</summary>
    public void HoldUntilAnswered(ulong span) => _holding.Add(span);

    /// <summary>The answer to the request with this span leaves: true when it held a worker, which is now to be freed.</summary>
    public bool Answered(ulong span) => _holding.Remove(span);

    /// <summary>
    /// A worker is to be freed once this turn's work is done (never mid-turn: the request served next would change
    /// what this one is doing); see <see cref="TakeDueFree"/>.
    /// </summary>
    public void FreeAtTurnEnd() => _freesDue++;

    /// <summary>Takes one of the frees due at the end of this turn.</summary>
    public bool TakeDueFree()
    {
        if (_freesDue == 0) return false;
        _freesDue--;
        return true;
    }

    /// <summary>A worker is free: the next request waiting takes it (and is returned), or it rests.</summary>
    public bool Free(out GotocolMessage next)
    {
        if (_waiting.TryDequeue(out var item))
        {
            next = item.Request;
            _series.Change(waiting: -1);
            var waited = Stopwatch.GetElapsedTime(item.Arrived).TotalSeconds;
            _series.QueueWait.Record(waited);
            _waited(waited);
            return true;
        }
        if (Busy > 0)
        {
            Busy--;
            _series.Change(busy: -1);
        }
        next = null!;
        return false;
    }

    /// <summary>The instance is leaving: its workers go, and every request still waiting is returned (to be answered failed).</summary>
    public List<GotocolMessage> Leave()
    {
        var all = _waiting.Select(w => w.Request).ToList();
        _series.Change(instances: -1, workers: -Capacity.Workers, busy: -Busy, waiting: -_waiting.Count);
        _waiting.Clear();
        Busy = 0;
        return all;
    }
}
