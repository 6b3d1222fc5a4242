using System.Diagnostics;
using Spigo.Gotocol;
using Spigo.Grains.Placement;
using Spigo.Grains.Simulation;
using Spigo.Load;
using Spigo.Names;

namespace Spigo.Grains.Services;

/// <summary>
/// spigo's Denominator under --load, for one root of the architecture (see <see cref="ILoadGenerator"/>): placed in
/// the root's zone, on its silo, it sends its share of the arrivals into that root — a Get of a key it had
/// acknowledged (half the time, once there is one) or a Put of a new one — whatever is still unanswered, up to its
/// share of the in-flight cap. Every millisecond it sends the arrivals due since the last (as a client would: a
/// request's time is counted from when it left). Reentrant: its loop waits on a timer, and the answers and collections
/// are heard in between.
/// </summary>
[ZonePlacement, Reentrant, GrainType(GrainTypes.LoadGenerator)]
public sealed class LoadGenerator(ILocalSiloDetails silo) : Grain, ILoadGenerator
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(1);

    /// <summary>A driver that has not collected for this long is gone: the generator stops rather than send for nobody.</summary>
    private static readonly TimeSpan Orphaned = TimeSpan.FromSeconds(30);

    private readonly Dictionary<ulong, (string Key, bool Put, long Started)> _inFlight = [];
    private readonly List<string> _acked = [];
    private readonly List<double> _due = [];
    private List<SentRequest> _sent = [];
    private List<AnsweredRequest> _answered = [];
    private LoadOrder? _order;
    private INanoservice? _root;
    private IGotocolListener? _self;
    private Arrivals? _arrivals;
    private Random _rng = new(0);
    private long _start, _collected, _sequence, _capped;
    private bool _sending;

    public Task<string> Start(LoadOrder order, double share, double second)
    {
        var where = silo.SiloAddress.Endpoint.ToString();
        if (_order is not null) return Task.FromResult(where);
        _order = order;
        _root = GrainFactory.GetNanoservice(order.Root);
        _self = this.AsReference<IGotocolListener>();
        _rng = new Random(unchecked(order.Seed * 7919 + order.Generator));
        _arrivals = new Arrivals(order.Curve, order.Poisson, _rng, share, stagger: share < 1 ? order.Generator * share % 1 : 0, from: second);
        _collected = Stopwatch.GetTimestamp();
        _start = _collected - (long)(second * Stopwatch.Frequency);
        _sending = true;
        DelayDeactivation(TimeSpan.FromDays(7));
        _ = SendAsync();
        return Task.FromResult(where);
    }

    public Task<LoadReport> Collect(bool sending)
    {
        if (_order is null)
        {
            // A new activation: the generator started under this key is gone (its silo was lost).
            DeactivateOnIdle();
            return Task.FromResult(LoadReport.Empty with { Lost = true });
        }
        if (!sending) _sending = false;
        _collected = Stopwatch.GetTimestamp();
        var report = new LoadReport([.. _sent], [.. _answered], _capped);
        _sent = [];
        _answered = [];
        _capped = 0;
        return Task.FromResult(report);
    }

    public async Task<LoadReport> Finish()
    {
        var report = await Collect(false);
        _inFlight.Clear();
        _acked.Clear();
        DeactivateOnIdle();
        return report;
    }

    public Task Listen(GotocolMessage message)
    {
        if (message.Imposition != Imposition.GetResponse || !_inFlight.Remove(message.Trace.Span, out var request)) return Task.CompletedTask;
        var answer = new AnsweredRequest(message.Trace.Span, Stopwatch.GetElapsedTime(request.Started).TotalSeconds, message.Outcome, message.Intention);
        _answered.Add(answer);
        if (request.Put && answer.Acknowledges(request.Key, out _)) _acked.Add(request.Key);
        return Task.CompletedTask;
    }

    /// <summary>Every tick, the arrivals due since the last; once a second, requests long past their timeout are forgotten.</summary>
    private async Task SendAsync()
    {
        using var ticker = new PeriodicTimer(Tick);
        var forget = 1.0;
        do
        {
            if (!_sending) break;
            if (Stopwatch.GetElapsedTime(_collected) > Orphaned)
            {
                _sending = false;
                DeactivateOnIdle();
                break;
            }
            var now = Stopwatch.GetElapsedTime(_start).TotalSeconds;
            _due.Clear();
            _arrivals!.Until(now, _due);
            foreach (var _ in _due)
            {
                if (_inFlight.Count >= _order!.InFlightCap) _capped++;
                else Send(now);
            }
            if (now >= forget)
            {
                forget = now + 1;
                Forget();
            }
        }
        while (await ticker.WaitForNextTickAsync());
    }

    /// <summary>Sends an arrival, <paramref name="now"/> seconds into the traffic.</summary>
    private void Send(double now)
    {
        var order = _order!;
        var sequence = ++_sequence;
        var span = order.TraceBase + ((ulong)order.Generator << 40) + (ulong)sequence;
        var trace = new TraceContext(span, 0, span);
        var started = Stopwatch.GetTimestamp();
        if (_rng.Next(2) == 0 && _acked.Count > 0)
        {
            var key = _acked[_rng.Next(_acked.Count)];
            _inFlight[span] = (key, false, started);
            _sent.Add(new SentRequest(span, now, key, null));
            _ = _root!.GetRequest(new GotocolMessage(Imposition.GetRequest, _self, SteadyClock.UtcNow, key, trace));
            return;
        }
        var put = $"key{order.Seed}-{order.Generator}.{sequence}";
        var value = $"value{sequence}";
        _inFlight[span] = (put, true, started);
        _sent.Add(new SentRequest(span, now, put, value));
        var write = Intention.Pair(put, value);
        _ = _root!.Put(new GotocolMessage(Imposition.Put, _self, SteadyClock.UtcNow, write, trace));
    }

    /// <summary>
    /// The driver times a request out after the request timeout; the generator forgets it at twice that, so that it
    /// does not hold the place of an answer that will never come in its share of the cap.
    /// </summary>
    private void Forget()
    {
        var limit = 2 * _order!.RequestTimeout;
        foreach (var (span, request) in _inFlight)
        {
            if (Stopwatch.GetElapsedTime(request.Started) > limit) _inFlight.Remove(span);
        }
    }
}
