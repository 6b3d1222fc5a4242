using System.Diagnostics;
using Spigo.Runs;

namespace Spigo.Grains.Metrics;

/// <summary>
/// The workers of one service's instances in one zone on this silo, for those with a capacity: how many, how many busy,
/// the requests waiting and refused, and how long requests waited. Besides the counts it keeps their time integrals
/// (busy worker-seconds, worker-seconds), so a utilization over any window is exact rather than a sample at a
/// scrape: the auto-scaler tracks it, and the dashboard takes its rate.
/// </summary>
public sealed class WorkerSeries(string arch, string service, string package, string zone)
{
    private readonly Lock _lock = new();
    private long _instances;
    private long _workers;
    private long _busy;
    private long _waiting;
    private long _refused;
    private long _admitted;
    private double _busySeconds;
    private double _workerSeconds;
    private long _since = Stopwatch.GetTimestamp();

    public string Arch { get; } = arch;
    public string Service { get; } = service;
    public string Package { get; } = package;

    /// <summary>region.zone</summary>
    public string Zone { get; } = zone;

    /// <summary>How long requests waited for a worker, each one.</summary>
    public LatencyHistogram QueueWait { get; } = new();

    /// <summary>The labels of the service's series (zones are summed in the exported figures).</summary>
    public TagList Tags { get; } = new() { { "architecture", arch }, { "service", service }, { "package", package } };

    /// <summary>Instances, workers, busy workers or requests waiting came or went.</summary>
    public void Change(int instances = 0, int workers = 0, int busy = 0, int waiting = 0)
    {
        lock (_lock)
        {
            Advance();
            _instances += instances;
            _workers += workers;
            _busy += busy;
            _waiting += waiting;
        }
    }

    /// <summary>A request taken: by a worker or into the queue.</summary>
    public void Admit() => Interlocked.Increment(ref _admitted);

    /// <summary>A request refused because every worker was busy and the queue was full.</summary>
    public void Refuse() => Interlocked.Increment(ref _refused);

    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>The figures now, integrals brought up to this moment.</summary>
    public WorkerShare ToShare()
    {
        lock (_lock)
        {
            Advance();
            return new WorkerShare(Service, Package, Zone, Instances: _instances, Workers: _workers, Busy: _busy,
                Waiting: _waiting, Refused: Refused, BusySeconds: _busySeconds, WorkerSeconds: _workerSeconds,
                QueueWaitBuckets: QueueWait.UsedBuckets(), Admitted: Interlocked.Read(ref _admitted));
        }
    }

    private void Advance()
    {
        var now = Stopwatch.GetTimestamp();
        var seconds = (double)(now - _since) / Stopwatch.Frequency;
        _busySeconds += _busy * seconds;
        _workerSeconds += _workers * seconds;
        _since = now;
    }
}
