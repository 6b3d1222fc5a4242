using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Spigo.Gotocol;
using Spigo.Grains.Hosting;
using Spigo.Names;

namespace Spigo.Grains.Services;

/// <summary>
/// What every service of an architecture shares (spigo's karyon prototype): it is named by Hello, learns its Eureka
/// registries, its Edda and the services it depends on (Inform, NameDrop without a listener), registers and polls
/// Eureka once told to Chat, and reports each dependency instance it learns as an edge. Requests are forwarded to
/// a dependency with a new span; the answer goes back to whoever sent that request — never to whoever asked last.
/// The grain handles the messages; what it knows and does lives in its parts: the <see cref="DependencyDirectory"/>,
/// the <see cref="PendingRequests"/>, the <see cref="GuardedCalls"/>, the <see cref="Outbox"/> and the <see cref="ServiceMeter"/>.
/// </summary>
public abstract class ServiceGrain(GotocolLog log) : NamedNanoservice(log), IGuardedCaller
{
    private PendingRequests? _pendingRequests;
    private WorkerPool? _pool;
    private readonly SenderNames _names = new();
    private DependencyDirectory? _directory;
    private Outbox? _outbox;
    private ServiceMeter? _meter;
    private GuardedCalls? _guarded;
    private IGrainTimer? _poll;
    private IGrainTimer? _deadlineTimer;
    private NanoName _me;
    private bool _hopBudgetLogged;
    private ServiceTime? _serviceTime;
    private Func<double>? _uniform;

    /// <summary>The share of requests this service fails (the latency monkey's errors); 0 but during such a fault.</summary>
    private double _errorRate;

    /// <summary>The service time drawn for the request being served: its forwards and its answer leave that much later.</summary>
    private TimeSpan _serving;

    /// <summary>Set up again after coming back empty (its silo was lost, or a fault had stopped it): its state is gone.</summary>
    private bool _rebuilt;

    /// <summary>Set up again after its silo was lost: at Goodbye it reports itself lost with its silo.</summary>
    private bool _lost;

    private DependencyDirectory Directory => _directory ??= new DependencyDirectory(Roll);
    private Outbox Outbox => _outbox ??= new Outbox(_names, ServiceProvider.GetRequiredService<DelayLine>);
    private ServiceMeter Meter => _meter ??= new ServiceMeter(Metrics, Series, () => _me);
    private GuardedCalls Guarded => _guarded ??= new GuardedCalls(Directory, Pending, Outbox, Meter, this);
    private PendingRequests Pending => _pendingRequests ??= new PendingRequests(dropped => Released(dropped.Trace, TimeSpan.Zero));
    private Func<double> Uniform => _uniform ??= () => Roll(int.MaxValue) / (double)int.MaxValue;

    protected NanoName Me => _me;

    protected IReadOnlyList<string> Wanted => Directory.Wanted;

    private protected IReadOnlyList<DependencyInstance> InstancesOf(string service) => Directory.InstancesOf(service);

    /// <summary>Whether this node was set up again after coming back empty (its silo was lost, or a fault had stopped it): its data is gone.</summary>
    protected bool Rebuilt => _rebuilt;

    /// <summary>A service that comes back empty asks to be set up again (a lost pirate stays lost).</summary>
    protected override bool Unbuilt => NeverNamed;

    protected override void OnNamed()
    {
        _me = NanoName.Parse(Name);
        Directory.Place(_me);
        Outbox.Place(_me);
    }

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
        if (message.Intention is Intention.Replacement or Intention.Restored)
        {
            _rebuilt = true;
            _lost = message.Intention == Intention.Replacement;
        }
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
        if (_rebuilt)
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
        _drainedAfter = DateTime.UtcNow + grace;
        foreach (var registry in Directory.Registries) registry.Listen(GotocolMessage.Create(Imposition.Delete, Self, Name));
    }

    private void ReportIfDrained()
    {
        if (_drainReported || _drainedAfter is not { } after || DateTime.UtcNow < after || Pending.Count > 0 || _pool is { Idle: false }) return;
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
        Pending.Sweep(DateTime.UtcNow);
    }

    protected override Task OnGetRequest(GotocolMessage message) => Serve(message);

    protected override Task OnPut(GotocolMessage message) => Serve(message);

    private Task Serve(GotocolMessage message)
    {
        if (_pool is { } pool && Aboard)
        {
            Meter.Received(message, Name);
            Admit(pool, message);
            FreeDueWorkers();
            return Task.CompletedTask;
        }
        _serving = _serviceTime is { } time && Aboard ? time.Sample(Uniform) : TimeSpan.Zero;
        if (Aboard) Meter.Received(message, Name);
        // A node that left (or was never set up) answers "not found" so nobody waits on it; the latency monkey fails some.
        if (!Aboard || (_errorRate > 0 && Uniform() < _errorRate)) Fail(message);
        else Handle(message);
        return Task.CompletedTask;
    }

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

    /// <summary>
    /// What this package does with a GetRequest or Put; by default forward it to one dependency. A service that depends on
    /// nothing is the end of the line (spigo's compose and vizceral files end in such karyons and monoliths, where spigo
    /// dropped the request): it serves the request itself, and as it keeps no data, a Put is acknowledged and a Get finds
    /// nothing.
    /// </summary>
    protected virtual void Handle(GotocolMessage message)
    {
        if (Directory.Wanted.Count == 0) Answer(message, message.Imposition == Imposition.Put ? message.Intention : KeyOf(message.Intention));
        else if (!Forward(message, ChooseService(), RouteInZone)) Fail(message);
    }

    /// <summary>Zuul and Karyon stay in their zone when they can (staash asks for its zone per tier); ELB and monolith spread over zones.</summary>
    protected virtual bool RouteInZone => false;

    /// <summary>A random dependency service that has at least one known instance.</summary>
    protected string? ChooseService() => Directory.ChooseService();

    /// <summary>
    /// Sends a request on with a new span and remembers where its answer must go. Under a resilience policy for the
    /// service the request goes through its guard (and is then always taken care of: retried, failed or answered by
    /// a fallback); without one, false means nobody could take it.
    /// </summary>
    protected bool Forward(GotocolMessage message, string? service, bool inZone, bool expectAnswer = true)
    {
        if (service is null) return false;
        if (expectAnswer && AskerOf(message) is not null && Guarded.GuardOf(service) is { } guard) return Guarded.Start(message, service, inZone, guard, _serving);
        return Directory.ChooseInstance(service, inZone) is { } target && ForwardTo(message, target, expectAnswer);
    }

    /// <summary>Whoever waits for this request's answer: its sender, unless it wants none.</summary>
    private static IGotocolListener? AskerOf(GotocolMessage message) => message.NoAnswer ? null : message.ReplyTo;

    private protected bool ForwardTo(GotocolMessage message, DependencyInstance target, bool expectAnswer = true)
    {
        if (!message.Trace.HasHopsLeft)
        {
            // Failed here (the caller answers "not found"), so a loop costs at most the budget's hops per request.
            if (!_hopBudgetLogged) NanoserviceLog.HopBudgetSpent(Logger, Name, TraceContext.MaxHops);
            _hopBudgetLogged = true;
            return false;
        }
        var span = NextSpan();
        var trace = message.Trace.IsEmpty ? new TraceContext(span, 0, span) : message.Trace.Child(span);
        var now = DateTime.UtcNow;
        var edge = Meter.Sending(target);
        var asker = expectAnswer ? AskerOf(message) : null;
        if (asker is not null) Pending.Add(span, new PendingRequest(asker, message.Trace, now, null, edge, now + _serving));
        // The sender always says who it is (the flow log names both ends); one that waits for no answer says so, and
        // gets none: a dropped answer would cost a message for nothing.
        Outbox.Send(target.Listener, new GotocolMessage(message.Imposition, Self, now + _serving, message.Intention, trace, NoAnswer: asker is null),
            _serving, target.Name);
        return true;
    }

    /// <summary>The nanoservice name of a listener (false for a driver or anything else that is not one).</summary>
    private protected bool TryNameOf(IGotocolListener listener, out NanoName name) => _names.TryNameOf(listener, out name);

    protected override Task OnGetResponse(GotocolMessage message)
    {
        Respond(message);
        FreeDueWorkers();
        return Task.CompletedTask;
    }

    /// <summary>A dependency's answer goes back to whoever asked this node (or fails its guarded attempt).</summary>
    private void Respond(GotocolMessage message)
    {
        if (!Pending.Remove(message.Trace.Span, out var pending)) return;
        var timed = false;
        if (pending.Edge is { } edge)
        {
            timed = Meter.TakeSample();
            edge.Answered(message.Outcome == Outcome.Failed, timed ? (DateTime.UtcNow - pending.Sent).TotalSeconds : null);
        }
        if (pending.Attempt is { } attempt && !Guarded.Answered(attempt, message.Outcome)) return;
        if (timed) Meter.Responded(pending.Attempt?.Arrived ?? pending.Since);
        Outbox.Send(pending.ReplyTo, new GotocolMessage(Imposition.GetResponse, Self, DateTime.UtcNow, message.Intention, pending.Trace, message.Outcome),
            TimeSpan.Zero, null);
        Released(pending.Trace, TimeSpan.Zero);
    }

    /// <summary>Answers a request directly: "key value" when found or stored, "key" alone when not (nothing when no answer is wanted).</summary>
    protected void Answer(GotocolMessage request, string intention, Outcome outcome = Outcome.Answered)
    {
        if (request.ReplyTo is not { } asker) return;
        if (Meter.Counting && Meter.TakeSample()) Meter.Served(_serving);
        Released(request.Trace, _serving);
        if (request.NoAnswer) return;
        Outbox.Send(asker, new GotocolMessage(Imposition.GetResponse, Self, DateTime.UtcNow + _serving, intention, request.Trace, outcome), _serving, null);
    }

    /// <summary>Answers that the request failed here: "key" alone, marked failed (nobody could serve it).</summary>
    protected void Fail(GotocolMessage request)
    {
        Meter.Failed();
        Answer(request, KeyOf(request.Intention), Outcome.Failed);
    }

    protected internal static string KeyOf(string intention)
    {
        var space = intention.IndexOf(' ');
        return space < 0 ? intention : intention[..space];
    }

    protected virtual void OnInstancesChanged(string service)
    {
    }

    protected override void OnLeaving(GotocolMessage goodbye)
    {
        _poll?.Dispose();
        _deadlineTimer?.Dispose();
        _guarded?.Leaving();
        if (_pool is { } pool)
        {
            // What waits for a worker is answered now: nobody will serve it here.
            foreach (var waiting in pool.Leave()) Fail(waiting);
        }
        foreach (var registry in Directory.Registries) registry.Listen(GotocolMessage.Create(Imposition.Delete, Self, Name));
        // A rebuilt node lost its state with its silo: it says so, and the controller records it in Edda as lost —
        // but for the chaos monkey's victim, which the controller does not wait for: its end is the chaos.
        var exit = goodbye.Intention is ExitReason.Chaos or ExitReason.ScaledIn ? goodbye.Intention : ExitReason.Normal;
        if (!_lost || exit != ExitReason.Normal) Edda?.Listen(GotocolMessage.Create(Imposition.Goodbye, Self, Intention.Pair(Name, exit)));
        Report(goodbye, _lost ? GoodbyeReport.Lost(Name) : Name);
    }

    private ulong NextSpan() => ((ulong)(uint)Roll(int.MaxValue) << 32 | (uint)Roll(int.MaxValue)) | 1;

    IGotocolListener IGuardedCaller.Self => Self;

    bool IGuardedCaller.Aboard => Aboard;

    ulong IGuardedCaller.NextSpan() => NextSpan();

    ResilienceSeries IGuardedCaller.SeriesFor(string dependency) => Metrics.ResilienceFor(Me.Arch, Me.Service, dependency);

    /// <summary>A breaker changed state: Edda records it ("breaker:DEPENDENCY:open"), next to the nanoservice's name.</summary>
    void IGuardedCaller.BreakerMoved(string dependency, DependencyGuard guard)
    {
        var state = guard.State switch { BreakerState.Open => "open", BreakerState.HalfOpen => "half-open", _ => "closed" };
        Edda?.Listen(GotocolMessage.Create(Imposition.Put, Self, Intention.Pair(Name, $"breaker:{dependency}:{state}")));
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
