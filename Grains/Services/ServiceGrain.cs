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
public abstract partial class ServiceGrain(NanoserviceServices services) : NamedNanoservice(services), IGuardedCaller
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


    private DependencyDirectory Directory => _directory ??= new DependencyDirectory(Roll);
    private Outbox Outbox => _outbox ??= new Outbox(_names, Services.Delays);
    private ServiceMeter Meter => _meter ??= new ServiceMeter(Metrics, Series, () => _me);
    private GuardedCalls Guarded => _guarded ??= new GuardedCalls(Directory, Pending, Outbox, Meter, this);
    private PendingRequests Pending => _pendingRequests ??= new PendingRequests(dropped => Released(dropped.Trace, TimeSpan.Zero));
    private Func<double> Uniform => _uniform ??= () => Roll(int.MaxValue) / (double)int.MaxValue;

    protected NanoName Me => _me;

    protected IReadOnlyList<string> Wanted => Directory.Wanted;

    private protected IReadOnlyList<DependencyInstance> InstancesOf(string service) => Directory.InstancesOf(service);


    /// <summary>A service that comes back empty asks to be set up again (a lost pirate stays lost).</summary>
    protected override bool AwaitsRebuild => NeverNamed;

    protected override void OnNamed()
    {
        _me = NanoName.Parse(Name);
        Directory.Place(_me);
        Outbox.Place(_me);
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

    /// <inheritdoc cref="DependencyDirectory.ChooseService"/>
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
        var now = SteadyClock.UtcNow;
        var edge = Meter.Sending(target);
        var asker = expectAnswer ? AskerOf(message) : null;
        if (asker is not null) Pending.Add(span, new PendingRequest(asker, message.Trace, now, null, edge, now + _serving));
        // The sender always says who it is (the flow log names both ends); one that waits for no answer says so, and
        // gets none: a dropped answer would cost a message for nothing.
        Outbox.Send(target.Listener, new GotocolMessage(message.Imposition, Self, now + _serving, message.Intention, trace, NoAnswer: asker is null),
            _serving, target.Name);
        return true;
    }

    /// <inheritdoc cref="SenderNames.TryNameOf"/>
    private protected bool TryNameOf(IGotocolListener listener, out NanoName name) => _names.TryNameOf(listener, out name);

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
        if (!Lost || exit != ExitReason.Normal) Edda?.Listen(GotocolMessage.Create(Imposition.Goodbye, Self, Intention.Pair(Name, exit)));
        Report(goodbye, Lost ? GoodbyeReport.Lost(Name) : Name);
    }
}
