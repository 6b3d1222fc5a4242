using System.Collections.Concurrent;
using System.Diagnostics;
using Spigo.Client.Metrics;
using Spigo.Gotocol;
using Spigo.Load;
using Spigo.Runs;

namespace Spigo.Client.Architectures;

/// <summary>
/// The Denominator driver's book of requests: what is in flight (by span id), what each answer took, which Puts were
/// acknowledged, and which requests failed or timed out. Answers are matched to the request that caused them by the
/// span the request carried, so many requests can be in flight at once.
/// </summary>
public sealed class TrafficMeter
{
    private readonly ConcurrentDictionary<ulong, InFlight> _inFlight = new();
    private readonly ConcurrentDictionary<string, string> _acked = new(StringComparer.Ordinal);
    private readonly List<string> _ackedKeys = [];
    /// <summary>Response times in 2% buckets: a full-speed run answers millions of requests, none of them kept.</summary>
    private readonly LatencyHistogram _latencies = new();
    private readonly SemaphoreSlim? _window;
    private long _sent, _completed, _failed, _timedOut, _staleReads, _fallbacks;
    /// <summary>When the traffic began (<see cref="StartTraffic"/>): second 0 of the timeline.</summary>
    private long _start = Stopwatch.GetTimestamp();
    /// <summary>Per second of traffic, by when each request was sent: sent, answered, failed or timed out, refused.</summary>
    private readonly List<long[]> _seconds = [];
    private const int SentColumn = 0, AnsweredColumn = 1, FailedColumn = 2, OverloadedColumn = 3, Columns = 4;

    /// <summary>With <see cref="KeepSecondLatencies"/>: the response times of the requests sent in each second.</summary>
    private readonly List<LatencyHistogram?> _secondLatencies = [];

    /// <summary>Keep each second's response times as well (an experiment's checks read any span of seconds).</summary>
    public bool KeepSecondLatencies { get; init; }

    /// <summary>The phases so far (faults injected open new ones); requests count in the phase they were sent in.</summary>
    private readonly List<PhaseTally> _phases = [new("before", Stopwatch.GetTimestamp())];

    private sealed class PhaseTally(string name, long start)
    {
        public string Name { get; } = name;
        public long Start { get; } = start;
        public long End { get; set; }
        public long Sent;
        public long Answered;
        public long Failed;
        public long Overloaded;
        public LatencyHistogram Latencies { get; } = new();

        /// <summary>The cluster's attempts and retries to guarded dependencies when the phase began (see <see cref="AttemptCounts"/>).</summary>
        public Task<(long Attempts, long Retries)>? Mark { get; init; }
    }

    /// <summary>
    /// Reads the cluster's attempts and retries to guarded dependencies so far; when set, each phase reads them as it
    /// begins, so that each phase's retry amplification is the difference up to the next.
    /// </summary>
    public Func<Task<(long Attempts, long Retries)>>? AttemptCounts { get; set; }

    private readonly KeyValuePair<string, object?> _arch;
    private readonly DriverMetrics? _metrics;

    /// <param name="window">Requests allowed in flight at once; 0 for no limit.</param>
    /// <param name="arch">The architecture the requests go to: the <c>architecture</c> label of every series recorded.</param>
    /// <param name="metrics">Where response times and failures are also recorded for Prometheus; null for nowhere.</param>
    public TrafficMeter(int window, string arch, DriverMetrics? metrics = null)
    {
        _metrics = metrics;
        // An empty label is dropped by Prometheus, leaving a series that belongs to no architecture.
        ArgumentException.ThrowIfNullOrEmpty(arch);
        _window = window > 0 ? new SemaphoreSlim(window, window) : null;
        _arch = new("architecture", arch);
    }

    private readonly record struct InFlight(Imposition Kind, string Key, string? Value, long Started, PhaseTally Phase);

    public long Sent => Interlocked.Read(ref _sent);
    public long Completed => Interlocked.Read(ref _completed);

    /// <summary>Of the failed requests, those an instance refused because its queue was full.</summary>
    public long Overloaded => Interlocked.Read(ref _overloaded);
    private long _overloaded;
    public long Failed => Interlocked.Read(ref _failed);
    public long TimedOut => Interlocked.Read(ref _timedOut);
    /// <summary>Gets of an acknowledged key that found nothing yet (a replica not reached by replication).</summary>
    public long StaleReads => Interlocked.Read(ref _staleReads);

    /// <summary>Reads answered by a service's fallback rather than by the data (counted among the answered).</summary>
    public long Fallbacks => Interlocked.Read(ref _fallbacks);
    public int InFlightCount => _inFlight.Count;
    public IReadOnlyDictionary<string, string> Acked => _acked;

    /// <summary>Waits for a free place in the window of requests in flight; false if none came within <paramref name="patience"/>.</summary>
    public Task<bool> WaitForRoom(TimeSpan patience, CancellationToken cancellationToken) =>
        _window?.WaitAsync(patience, cancellationToken) ?? Task.FromResult(true);

    public void Begin(ulong span, Imposition kind, string key, string? value) => Begin(span, kind, key, value, Stopwatch.GetTimestamp());

    /// <summary>A request sent at <paramref name="sent"/> (a Stopwatch timestamp): it counts in the phase in force then.</summary>
    private void Begin(ulong span, Imposition kind, string key, string? value, long sent)
    {
        PhaseTally phase;
        lock (_phases)
        {
            var i = _phases.Count - 1;
            while (i > 0 && _phases[i].Start > sent) i--;
            phase = _phases[i];
        }
        _inFlight[span] = new InFlight(kind, key, value, sent, phase);
        Interlocked.Increment(ref phase.Sent);
        Interlocked.Increment(ref _sent);
        Tally(sent, SentColumn);
    }

    /// <summary>
    /// What a silo's load generator sent and heard since it was last asked, its times in seconds from the start of the
    /// traffic: counted as if this meter had sent the requests and heard the answers.
    /// </summary>
    public void Record(LoadReport report)
    {
        foreach (var sent in report.Sent)
        {
            Begin(sent.Span, sent.IsPut ? Imposition.Put : Imposition.GetRequest, sent.Key, sent.Value, _start + (long)(sent.At * Stopwatch.Frequency));
        }
        foreach (var answer in report.Answered)
        {
            if (_inFlight.TryRemove(answer.Span, out var request)) Answered(request, answer);
        }
    }

    public string? RandomAckedKey(Random rng)
    {
        lock (_ackedKeys) return _ackedKeys.Count == 0 ? null : _ackedKeys[rng.Next(_ackedKeys.Count)];
    }

    public void Answer(GotocolMessage response)
    {
        if (!_inFlight.TryRemove(response.Trace.Span, out var request)) return;
        Answered(request, new AnsweredRequest(response.Trace.Span, Stopwatch.GetElapsedTime(request.Started).TotalSeconds, response.Outcome, response.Intention));
    }

    private void Answered(InFlight request, AnsweredRequest response)
    {
        var seconds = response.Seconds;
        _latencies.Record(seconds);
        request.Phase.Latencies.Record(seconds);
        if (KeepSecondLatencies) RecordSecondLatency(request.Started, seconds);
        _metrics?.RequestDuration.Record(seconds, _arch, new("imposition", request.Kind == Imposition.Put ? "Put" : "GetRequest"));
        var found = Intention.TrySplitPair(response.Intention, out var key, out var value);
        if (request.Kind == Imposition.Put || response.Outcome == Outcome.Failed)
        {
            if (request.Kind == Imposition.Put && response.Acknowledges(request.Key, out var stored))
            {
                Interlocked.Increment(ref _completed);
                Interlocked.Increment(ref request.Phase.Answered);
                Tally(request.Started, AnsweredColumn);
                if (_acked.TryAdd(request.Key, stored)) lock (_ackedKeys) _ackedKeys.Add(request.Key);
            }
            else
            {
                Interlocked.Increment(ref _failed);
                Interlocked.Increment(ref request.Phase.Failed);
                Tally(request.Started, FailedColumn);
                var overloaded = found && value == Intention.Overloaded;
                if (overloaded)
                {
                    Interlocked.Increment(ref _overloaded);
                    Interlocked.Increment(ref request.Phase.Overloaded);
                    Tally(request.Started, OverloadedColumn);
                }
                _metrics?.RequestsFailed.Add(1, _arch, new("reason", overloaded ? Intention.Overloaded : "failed"));
            }
        }
        else
        {
            Interlocked.Increment(ref _completed);
            Interlocked.Increment(ref request.Phase.Answered);
            Tally(request.Started, AnsweredColumn);
            if (response.Outcome == Outcome.Fallback) Interlocked.Increment(ref _fallbacks);
            else if (!found) Interlocked.Increment(ref _staleReads);
        }
        _window?.Release();
    }

    /// <summary>Gives up on requests older than <paramref name="limit"/>: an answer that never comes is a failure.</summary>
    public void Expire(TimeSpan limit)
    {
        foreach (var (span, request) in _inFlight)
        {
            if (Stopwatch.GetElapsedTime(request.Started) > limit && _inFlight.TryRemove(span, out _))
            {
                Interlocked.Increment(ref _timedOut);
                Interlocked.Increment(ref request.Phase.Failed);
                Tally(request.Started, FailedColumn);
                _metrics?.RequestsFailed.Add(1, _arch, new("reason", "timeout"));
                _window?.Release();
            }
        }
    }

    private void Tally(long timestamp, int column)
    {
        var second = (int)Stopwatch.GetElapsedTime(_start, timestamp).TotalSeconds;
        lock (_seconds)
        {
            while (_seconds.Count <= second) _seconds.Add(new long[Columns]);
            _seconds[second][column]++;
        }
    }

    private void RecordSecondLatency(long started, double seconds)
    {
        var second = Math.Max(0, (int)Stopwatch.GetElapsedTime(_start, started).TotalSeconds);
        LatencyHistogram histogram;
        lock (_secondLatencies)
        {
            while (_secondLatencies.Count <= second) _secondLatencies.Add(null);
            histogram = _secondLatencies[second] ??= new LatencyHistogram();
        }
        histogram.Record(seconds);
    }

    /// <summary>
    /// The outage around <paramref name="noticed"/> (when the first lost nanoservice asked to be set up again): it
    /// began with the run of seconds with failures that reaches up to that moment, and ended with the first later
    /// second in which at least 95% of the asked rate (the median of the seconds sent before it began) was answered.
    /// </summary>
    public Outage OutageAround(DateTime noticed)
    {
        var at = (int)Math.Max(0, (noticed - SteadyClock.UtcNow).TotalSeconds + Stopwatch.GetElapsedTime(_start).TotalSeconds);
        lock (_seconds)
        {
            if (_seconds.Count == 0) return new Outage(at, 0, null);
            at = Math.Min(at, _seconds.Count - 1);
            var start = at;
            while (start > 0 && _seconds[start - 1][FailedColumn] > 0) start--;
            var before = _seconds.Take(start).Skip(1).Select(s => s[SentColumn]).Order().ToArray();
            double asked = before.Length > 0 ? before[before.Length / 2] : _seconds[start][SentColumn];
            int? recovered = null;
            long failed = 0;
            // The last second is cut short by the end of the traffic: it cannot show a full second's answers.
            for (var s = start; s < _seconds.Count; s++)
            {
                if (s > at && s < _seconds.Count - 1 && _seconds[s][AnsweredColumn] >= 0.95 * asked)
                {
                    recovered = s - start;
                    break;
                }
                failed += _seconds[s][FailedColumn];
            }
            return new Outage(start, failed, recovered);
        }
    }

    /// <summary>Per second of traffic, the requests sent in it and how many of those were answered and failed (or timed out).</summary>
    public IReadOnlyList<SecondOfTraffic> Timeline()
    {
        long[]?[] latencies;
        lock (_secondLatencies) latencies = [.. _secondLatencies.Select(h => h?.UsedBuckets())];
        lock (_seconds)
        {
            return [.. _seconds.Select((s, i) => new SecondOfTraffic(s[SentColumn], s[AnsweredColumn], s[FailedColumn], s[OverloadedColumn],
                KeepSecondLatencies ? (i < latencies.Length ? latencies[i] : null) ?? [] : null))];
        }
    }

    /// <summary>How far into the traffic it is now, in seconds.</summary>
    public double TrafficSeconds => Stopwatch.GetElapsedTime(_start).TotalSeconds;

    /// <summary>The traffic begins: second 0 of the timeline, and the phase before any fault.</summary>
    public void StartTraffic()
    {
        _start = Stopwatch.GetTimestamp();
        StartPhase("before");
    }

    /// <summary>The phase requests are counted in now.</summary>
    public string CurrentPhase
    {
        get
        {
            lock (_phases) return _phases[^1].Name;
        }
    }

    /// <summary>From now on requests count in a new phase (a fault was injected or ended).</summary>
    public void StartPhase(string name)
    {
        var now = Stopwatch.GetTimestamp();
        lock (_phases)
        {
            // A phase in which nothing was sent yet (the one before the traffic) is replaced rather than kept.
            if (Interlocked.Read(ref _phases[^1].Sent) == 0) _phases.RemoveAt(_phases.Count - 1);
            else _phases[^1].End = now;
            _phases.Add(new PhaseTally(name, now) { Mark = AttemptCounts?.Invoke() });
        }
    }

    /// <summary>
    /// The phases with the attempts and retries sent to guarded dependencies during each (read from the silos as each
    /// began and once more now), when <see cref="AttemptCounts"/> was set.
    /// </summary>
    public async Task<IReadOnlyList<Phase>> WithAttempts(IReadOnlyList<Phase> phases)
    {
        if (AttemptCounts is not { } read) return phases;
        Task<(long Attempts, long Retries)>?[] marks;
        lock (_phases) marks = [.. _phases.Select(p => p.Mark)];
        if (marks.Length != phases.Count || marks.Any(m => m is null)) return phases;
        var counts = await Task.WhenAll([.. marks!, read()]);
        var counted = phases.Select((p, i) => p with { Attempts = counts[i + 1].Attempts - counts[i].Attempts, Retries = counts[i + 1].Retries - counts[i].Retries }).ToList();
        for (var i = 0; i < counted.Count; i++)
        {
            if (FaultOf(counted, i) is { } fault && fault >= 1) counted[i] = counted[i] with { AttemptsBefore = counted[fault - 1].AttemptsPerRequest };
        }
        return counted;
    }

    /// <summary>For the phase after a fault ended, the index of that fault's phase; else null.</summary>
    private static int? FaultOf(List<Phase> phases, int i) => phases[i].Name.StartsWith(Phase.AfterPrefix, StringComparison.Ordinal)
        ? phases.FindLastIndex(i, p => p.Name == phases[i].Name[Phase.AfterPrefix.Length..]) : null;

    /// <summary>Each phase's figures, times from the start of the first; the last ends now (asked when the traffic has ended).</summary>
    public IReadOnlyList<Phase> Phases()
    {
        var end = Stopwatch.GetTimestamp();
        lock (_phases)
        {
            var origin = _phases[0].Start;
            var phases = _phases.Select(p => new Phase(p.Name,
                StartSeconds: Stopwatch.GetElapsedTime(origin, p.Start).TotalSeconds,
                Seconds: Stopwatch.GetElapsedTime(p.Start, p.End == 0 ? end : p.End).TotalSeconds,
                Sent: Interlocked.Read(ref p.Sent), Answered: Interlocked.Read(ref p.Answered),
                Failed: Interlocked.Read(ref p.Failed), P50Seconds: p.Latencies.Percentile(50),
                P99Seconds: p.Latencies.Percentile(99), Overloaded: Interlocked.Read(ref p.Overloaded))).ToList();
            for (var i = 0; i < phases.Count; i++)
            {
                if (FaultOf(phases, i) is not { } fault || fault < 1) continue;
                var before = phases[fault - 1];
                phases[i] = phases[i] with
                {
                    GoodputBefore = before.AnsweredPerSecond, AnsweredShareBefore = before.AnsweredShare,
                    RecoveredAfter = RecoveredAfter(_phases[i].Start, before.AnsweredShare),
                };
            }
            return phases;
        }
    }

    /// <summary>
    /// How long after <paramref name="from"/> the share of requests answered came back to 95% of <paramref name="share"/> and stayed
    /// there: the first second from which the next <see cref="SteadySeconds"/> (or those left) answer that much on
    /// average. Whole seconds of traffic (requests count in the second they were sent; the last, cut short, does not
    /// count); null when it never did within the run.
    /// </summary>
    private double? RecoveredAfter(long from, double share)
    {
        var start = Stopwatch.GetElapsedTime(_start, from).TotalSeconds;
        lock (_seconds)
        {
            var full = _seconds.Count - 1;
            for (var s = (int)Math.Floor(start); s < full; s++)
            {
                var window = _seconds.Skip(s).Take(Math.Min(SteadySeconds, full - s)).ToList();
                if (window.Sum(w => w[AnsweredColumn]) >= RecoveredShare * share * window.Sum(w => w[SentColumn])) return Math.Max(0, s + 1 - start);
            }
        }
        return null;
    }

    /// <summary>How many seconds the answered rate must hold to count as having come back (one good second is not enough).</summary>
    private const int SteadySeconds = 5;

    /// <summary>The share of the goodput before a fault that counts as having come back.</summary>
    public const double RecoveredShare = 0.95;

    /// <summary>Latency percentile (0–100) in seconds over every answered request (to 2%), or 0 with none.</summary>
    public double Percentile(double p) => _latencies.Percentile(p);
}
