using Microsoft.Extensions.DependencyInjection;
using Spigo.Runs;
using Spigo.Gotocol;
using Spigo.Grains.Hosting;
using Spigo.Names;

namespace Spigo.Grains.Services;

/// <summary>
/// What every service of an architecture shares (spigo's karyon prototype): it is named by Hello, learns its Eureka
/// registries, its Edda and the services it depends on (Inform, NameDrop without a listener), registers and polls
/// Eureka once told to Chat, and reports each dependency instance it learns as an edge. Requests are forwarded to
/// a dependency with a new span; the answer goes back to whoever sent that request — never to whoever asked last.
/// </summary>
public abstract class ServiceGrain(GotocolLog log) : NamedNanoservice(log)
{
    private static readonly TimeSpan PendingLifetime = TimeSpan.FromSeconds(30);
    private bool _hopBudgetLogged;

    private readonly List<IGotocolListener> _registries = [];
    private readonly List<IGotocolListener> _lookups = [];
    private readonly Dictionary<string, KnownInstances> _instances = new(StringComparer.Ordinal);
    private readonly Dictionary<ulong, PendingRequest> _pending = [];
    private IGrainTimer? _poll;
    private NanoName _me;

    /// <summary>This node's "region.zone", as edges name it.</summary>
    private string? _place;

    /// <summary>Answers sent while counted, for timing one in <see cref="SpigoMetrics.LatencySampling"/>.</summary>
    private uint _answers;

    private ServiceTime? _serviceTime;
    private NetworkDelays? _network;
    private DelayLine? _delays;
    private Func<double>? _uniform;

    /// <summary>The share of requests this service fails (the latency monkey's errors); 0 but during such a fault.</summary>
    private double _errorRate;

    // Resilience (json_arch "resilience", --resilience): policies by dependency ("*" for any), a guard per dependency
    // service once used, and the deadlines of guarded attempts under one timer armed for the earliest.
    private Dictionary<string, ResiliencePolicy>? _policies;
    private Dictionary<string, DependencyGuard?>? _guards;
    private PriorityQueue<ulong, DateTime>? _deadlines;
    private IGrainTimer? _deadlineTimer;
    private DateTime _deadlineArmed = DateTime.MaxValue;

    /// <summary>The service time drawn for the request being served: its forwards and its answer leave that much later.</summary>
    private TimeSpan _serving;

    protected NanoName Me => _me;
    protected List<string> Wanted { get; } = [];

    private protected IReadOnlyList<DependencyInstance> InstancesOf(string service) =>
        _instances.TryGetValue(service, out var known) ? known.All : [];

    /// <summary>Set up again after coming back empty (its silo was lost, or a fault had stopped it): its state is gone.</summary>
    private bool _rebuilt;

    /// <summary>Set up again after its silo was lost: at Goodbye it reports itself lost with its silo.</summary>
    private bool _lost;

    /// <summary>Whether this node was set up again after coming back empty (its silo was lost, or a fault had stopped it): its data is gone.</summary>
    protected bool Rebuilt => _rebuilt;

    /// <summary>A service that comes back empty asks to be set up again (a lost pirate stays lost).</summary>
    protected override bool Unbuilt => NeverNamed;

    protected override void OnNamed() => _me = NanoName.Parse(Name);

    /// <summary>
    /// Inform hands over a listener: "edda" (the logger), "eureka" (register here), "lookup" (ask here); from the
    /// controller, <see cref="Intention.Replacement"/> says this setup replaces a node lost with its silo and
    /// <see cref="Intention.Restored"/> that it brings back one a fault had stopped.
    /// </summary>
    protected override Task OnInform(GotocolMessage message)
    {
        if (Aboard && message.Intention is Intention.Replacement or Intention.Restored)
        {
            _rebuilt = true;
            _lost = message.Intention == Intention.Replacement;
        }
        if (Aboard && message.ReplyTo is null && Intention.TrySplitPair(message.Intention, out var setting, out var value))
        {
            if (setting == Intention.Latency && ServiceTime.TryParse(value, out var time, out _)) _serviceTime = time;
            if (setting == Intention.Network && NetworkDelays.TryParse(value, out var delays, out _)) _network = delays;
            if (setting == Intention.Errors && PlainNumber.TryParse(value, out var rate)) _errorRate = Math.Clamp(rate, 0, 1);
            if (setting == Intention.Resilience && value.IndexOf('=', StringComparison.Ordinal) is > 0 and var equals
                && ResiliencePolicy.TryParse(value[(equals + 1)..], out var policy, out _))
            {
                (_policies ??= new(StringComparer.Ordinal))[value[..equals]] = policy;
                _guards = null;
            }
            return Task.CompletedTask;
        }
        if (!Aboard || message.ReplyTo is not { } listener) return Task.CompletedTask;
        switch (message.Intention)
        {
            case "edda": Edda = listener; break;
            case "eureka": _registries.Add(listener); _lookups.Add(listener); break;
            case "lookup": _lookups.Add(listener); break;
        }
        return Task.CompletedTask;
    }

    /// <summary>Without a listener: "depend on this service". With one (from Eureka): "here is an instance of it".</summary>
    protected override Task OnNameDrop(GotocolMessage message)
    {
        if (!Aboard) return Task.CompletedTask;
        if (message.ReplyTo is null)
        {
            if (!Wanted.Contains(message.Intention)) Wanted.Add(message.Intention);
            return Task.CompletedTask;
        }
        if (!NanoName.TryParse(message.Intention, out var name, out _) || !Wanted.Contains(name.Service)) return Task.CompletedTask;
        if (!_instances.TryGetValue(name.Service, out var known)) _instances[name.Service] = known = new KnownInstances(Me.Region, Me.Zone);
        if (!known.Add(new DependencyInstance(name, message.Intention, message.ReplyTo))) return Task.CompletedTask;
        OnInstancesChanged(name.Service);
        if (message.Intention == Name) return Task.CompletedTask;
        Series.Learned();
        Edda?.Listen(GotocolMessage.Create(Imposition.Inform, Self, Intention.Pair(Name, message.Intention)));
        return Task.CompletedTask;
    }

    protected override Task OnForget(GotocolMessage message)
    {
        if (NanoName.TryParse(message.Intention, out var name, out _) && _instances.TryGetValue(name.Service, out var known)
            && known.Remove(message.Intention))
        {
            OnInstancesChanged(name.Service);
        }
        return Task.CompletedTask;
    }

    /// <summary>Chat starts the service: register with Eureka, then poll it at the given interval (-u).</summary>
    protected override Task OnChat(GotocolMessage message)
    {
        if (!Aboard || !GoDuration.TryParse(message.Intention, out var interval) || interval <= TimeSpan.Zero) return Task.CompletedTask;
        // Set up again: the registries named its dependencies to its earlier activation; they must name them once more.
        if (_rebuilt)
        {
            foreach (var registry in _lookups) registry.Listen(GotocolMessage.Create(Imposition.Hello, Self, Name));
        }
        foreach (var registry in _registries)
        {
            registry.Listen(GotocolMessage.Create(Imposition.Put, Self, Intention.Pair(Name, Me.Package)));
        }
        Poll();
        _poll?.Dispose();
        _poll = this.RegisterGrainTimer(static (service, _) => { service.Poll(); return Task.CompletedTask; }, this,
            new GrainTimerCreationOptions(interval, interval) { Interleave = false, KeepAlive = true });
        return Task.CompletedTask;
    }

    private void Poll()
    {
        if (!Aboard) return;
        foreach (var registry in _lookups)
        {
            foreach (var service in Wanted)
            {
                registry.Listen(GotocolMessage.Create(Imposition.GetRequest, Self, service));
            }
        }
        if (_pending.Count > 0)
        {
            var old = DateTime.UtcNow - PendingLifetime;
            foreach (var (span, pending) in _pending.Where(p => p.Value.Since < old).ToArray())
            {
                _pending.Remove(span);
                if (pending.Attempt is { } attempt) attempt.Guard.InFlight--;
            }
        }
    }

    protected override Task OnGetRequest(GotocolMessage message) => Serve(message);

    protected override Task OnPut(GotocolMessage message) => Serve(message);

    private Task Serve(GotocolMessage message)
    {
        _serving = _serviceTime is { } time && Aboard ? time.Sample(_uniform ??= () => Roll(int.MaxValue) / (double)int.MaxValue) : TimeSpan.Zero;
        if (Aboard && !message.Trace.IsEmpty && Metrics.FlowsOf(Me.Arch) is { } flows) RecordFlow(flows, message);
        if (!Aboard)
        {
            // A node that left (or was never set up) answers "not found" so nobody waits on it.
            Fail(message);
            return Task.CompletedTask;
        }
        if (_errorRate > 0 && (_uniform ??= () => Roll(int.MaxValue) / (double)int.MaxValue)() < _errorRate)
        {
            Fail(message);
            return Task.CompletedTask;
        }
        Handle(message);
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
        if (Wanted.Count == 0) Answer(message, message.Imposition == Imposition.Put ? message.Intention : KeyOf(message.Intention));
        else if (!Forward(message, ChooseService(), RouteInZone)) Fail(message);
    }

    /// <summary>Zuul and Karyon stay in their zone when they can (staash asks for its zone per tier); ELB and monolith spread over zones.</summary>
    protected virtual bool RouteInZone => false;

    /// <summary>A random dependency service that has at least one known instance.</summary>
    protected string? ChooseService()
    {
        var start = Wanted.Count == 0 ? 0 : Roll(Wanted.Count);
        for (var k = 0; k < Wanted.Count; k++)
        {
            var service = Wanted[(start + k) % Wanted.Count];
            if (InstancesOf(service).Count > 0) return service;
        }
        return null;
    }

    private protected DependencyInstance? ChooseInstance(string service, bool inZone)
    {
        if (!_instances.TryGetValue(service, out var known) || known.All.Count == 0) return null;
        if (inZone && known.Local.Count > 0) return known.Local[Roll(known.Local.Count)];
        return known.All[Roll(known.All.Count)];
    }

    /// <summary>
    /// Sends a request on with a new span and remembers where its answer must go. Under a resilience policy for the
    /// service the request goes through its guard (and is then always taken care of: retried, failed or answered by
    /// a fallback); without one, false means nobody could take it.
    /// </summary>
    protected bool Forward(GotocolMessage message, string? service, bool inZone, bool expectAnswer = true)
    {
        if (service is null) return false;
        if (expectAnswer && AskerOf(message) is not null && GuardOf(service) is { } guard)
        {
            var now = DateTime.UtcNow;
            return ChooseInstance(service, inZone, guard, null, now) is { } first && Attempt(message, service, inZone, guard, first, 0, _serving, now);
        }
        return ChooseInstance(service, inZone) is { } target && ForwardTo(message, target, expectAnswer);
    }

    /// <summary>Whoever waits for this request's answer: its sender, unless it wants none.</summary>
    private static IGotocolListener? AskerOf(GotocolMessage message) => message.NoAnswer ? null : message.ReplyTo;

    private DependencyGuard? GuardOf(string service)
    {
        if (_policies is null) return null;
        _guards ??= new(StringComparer.Ordinal);
        if (_guards.TryGetValue(service, out var guard)) return guard;
        if (_policies.TryGetValue(service, out var policy) || _policies.TryGetValue("*", out policy))
        {
            guard = new DependencyGuard(policy, Metrics.ResilienceFor(Me.Arch, Me.Service, service));
            if (policy.BreakerFailures > 0) guard.Series.Breaker(null, BreakerState.Closed);
        }
        return _guards[service] = guard;
    }

    /// <summary>Ribbon's choice: an instance that has not failed lately (nor <paramref name="avoid"/>), in the zone when asked and possible.</summary>
    private DependencyInstance? ChooseInstance(string service, bool inZone, DependencyGuard guard, string? avoid, DateTime now)
    {
        if (!_instances.TryGetValue(service, out var known) || known.All.Count == 0) return null;
        foreach (var list in inZone && known.Local.Count > 0 ? new[] { known.Local, known.All } : [known.All])
        {
            var start = Roll(list.Count);
            for (var k = 0; k < list.Count; k++)
            {
                var candidate = list[(start + k) % list.Count];
                if (candidate.FullName != avoid && !guard.Shuns(candidate.FullName, now)) return candidate;
            }
        }
        return ChooseInstance(service, inZone);
    }

    /// <summary>One attempt of a guarded request: admitted by the breaker and the bulkhead, or refused and given up.</summary>
    private bool Attempt(GotocolMessage request, string service, bool inZone, DependencyGuard guard, DependencyInstance target, int number,
        TimeSpan hold, DateTime arrived)
    {
        if (!request.Trace.HasHopsLeft) return false;
        var now = DateTime.UtcNow;
        var refused = guard.Admit(now, out var changed);
        if (changed) BreakerMoved(service, guard);
        if (refused is not null)
        {
            guard.Series.Rejected(refused);
            GiveUp(request, guard, arrived);
            return true;
        }
        if (number == 0) guard.Deposit();
        var span = NextSpan();
        var trace = request.Trace.IsEmpty ? new TraceContext(span, 0, span) : request.Trace.Child(span);
        var deadline = guard.Policy.Timeout is { } timeout ? now + hold + timeout : DateTime.MaxValue;
        var edge = EdgeTo(target);
        _pending[span] = new PendingRequest(request.ReplyTo!, request.Trace, now,
            new GuardedAttempt(guard, service, inZone, request, number, target.FullName, deadline, arrived), edge, now + hold);
        guard.InFlight++;
        Send(target.Listener, new GotocolMessage(request.Imposition, Self, now + hold, request.Intention, trace), hold, target.Name);
        if (deadline != DateTime.MaxValue) Watch(span, deadline, now);
        return true;
    }

    /// <summary>A guarded attempt failed or timed out: retried elsewhere after its back-off while retries and budget allow, else given up.</summary>
    private void AttemptFailed(GuardedAttempt attempt, DateTime now)
    {
        var guard = attempt.Guard;
        if (guard.Failed(now, attempt.Instance)) BreakerMoved(attempt.Service, guard);
        if (attempt.Number < guard.Policy.Retries && Aboard)
        {
            if (!guard.TryWithdraw())
            {
                guard.Series.BudgetDenied();
            }
            else if (ChooseInstance(attempt.Service, attempt.InZone, guard, attempt.Instance, now) is { } next)
            {
                guard.Series.Retried();
                var backoff = guard.Policy.Backoff * Math.Pow(2, attempt.Number);
                Attempt(attempt.Request, attempt.Service, attempt.InZone, guard, next, attempt.Number + 1, backoff, attempt.Arrived);
                return;
            }
        }
        GiveUp(attempt.Request, guard, attempt.Arrived);
    }

    /// <summary>A request the dependency cannot serve: a read gets the fallback when the policy has one, anything else fails.</summary>
    private void GiveUp(GotocolMessage request, DependencyGuard guard, DateTime arrived)
    {
        if (request.ReplyTo is not { } asker) return;
        if (Metrics.Counting && Timed()) Responded(arrived);
        var key = KeyOf(request.Intention);
        var fallback = guard.Policy.Fallback && request.Imposition == Imposition.GetRequest;
        if (fallback) guard.Series.FellBack();
        Send(asker, new GotocolMessage(Imposition.GetResponse, Self, DateTime.UtcNow, fallback ? Intention.Pair(key, Intention.FallbackValue) : key,
            request.Trace, fallback ? Outcome.Fallback : Outcome.Failed), TimeSpan.Zero, null);
    }

    /// <summary>A breaker changed state: Edda records it ("breaker:DEPENDENCY:open"), next to the nanoservice's name.</summary>
    private void BreakerMoved(string service, DependencyGuard guard)
    {
        var state = guard.State switch { BreakerState.Open => "open", BreakerState.HalfOpen => "half-open", _ => "closed" };
        Edda?.Listen(GotocolMessage.Create(Imposition.Put, Self, Intention.Pair(Name, $"breaker:{service}:{state}")));
    }

    /// <summary>Keeps a guarded attempt's deadline; one timer, armed for the earliest, serves them all.</summary>
    private void Watch(ulong span, DateTime deadline, DateTime now)
    {
        (_deadlines ??= new()).Enqueue(span, deadline);
        if (deadline >= _deadlineArmed) return;
        _deadlineArmed = deadline;
        var due = deadline - now;
        if (_deadlineTimer is null)
        {
            _deadlineTimer = this.RegisterGrainTimer(static (service, _) => { service.Expire(); return Task.CompletedTask; }, this,
                new GrainTimerCreationOptions(due, Timeout.InfiniteTimeSpan) { Interleave = false, KeepAlive = true });
        }
        else
        {
            _deadlineTimer.Change(due, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Every guarded attempt whose deadline has passed without an answer counts as failed; the timer is armed for the next.</summary>
    private void Expire()
    {
        var now = DateTime.UtcNow;
        _deadlineArmed = DateTime.MaxValue;
        while (_deadlines is { Count: > 0 } && _deadlines.TryPeek(out var span, out var deadline))
        {
            if (deadline > now)
            {
                _deadlineArmed = deadline;
                _deadlineTimer?.Change(deadline - now, Timeout.InfiniteTimeSpan);
                return;
            }
            _deadlines.Dequeue();
            if (_pending.TryGetValue(span, out var pending) && pending.Attempt is { } attempt && attempt.Deadline == deadline)
            {
                _pending.Remove(span);
                attempt.Guard.InFlight--;
                attempt.Guard.Series.TimedOut();
                pending.Edge?.TimedOut();
                AttemptFailed(attempt, now);
            }
        }
    }

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
        var edge = EdgeTo(target);
        var asker = expectAnswer ? AskerOf(message) : null;
        if (asker is not null) _pending[span] = new PendingRequest(asker, message.Trace, now, null, edge, now + _serving);
        // The sender always says who it is (the flow log names both ends); one that waits for no answer says so, and
        // gets none: a dropped answer would cost a message for nothing.
        Send(target.Listener, new GotocolMessage(message.Imposition, Self, now + _serving, message.Intention, trace, NoAnswer: asker is null),
            _serving, target.Name);
        return true;
    }

    /// <summary>Senders' names by grain id, so a sender's name is parsed once, not again for every message from it.</summary>
    private readonly Dictionary<GrainId, NanoName?> _names = [];
    private const int NamesKept = 4096;

    /// <summary>The nanoservice name of a listener (false for a driver or anything else that is not one).</summary>
    private protected bool TryNameOf(IGotocolListener listener, out NanoName name)
    {
        var id = listener.GetGrainId();
        if (!_names.TryGetValue(id, out var known))
        {
            // Bounded by the architecture's size in practice; cleared rather than grown past it whatever senders claim.
            if (_names.Count >= NamesKept) _names.Clear();
            _names[id] = known = NanoName.TryParse(id.Key.ToString(), out var parsed, out _) ? parsed : null;
        }
        name = known.GetValueOrDefault();
        return known.HasValue;
    }

    /// <summary>
    /// Sends a message on its way: once the given service time and the network's delay to where the target is (when
    /// known: a driver outside the architecture is reached at once) have passed. Without either it goes now.
    /// </summary>
    private void Send(IGotocolListener target, GotocolMessage message, TimeSpan serving, NanoName? to)
    {
        var delay = serving;
        if (_network is { } network)
        {
            if (to is null && TryNameOf(target, out var name)) to = name;
            if (to is { } place) delay += network.Between(Me.Region, Me.Zone, place.Region, place.Zone);
        }
        if (delay <= TimeSpan.Zero) target.Listen(message);
        else (_delays ??= ServiceProvider.GetRequiredService<DelayLine>()).Send(target, message, delay);
    }

    private void RecordFlow(FlowLog flows, GotocolMessage message)
    {
        var client = message.ReplyTo?.GetGrainId().Key.ToString() is { } key && NanoName.TryParse(key, out _, out _) ? key : "spigo-driver";
        flows.Record(new FlowSpan(message.Trace.Trace, message.Trace.Span, message.Trace.Parent, message.Imposition.ToString(),
            client, Name, message.Sent, DateTime.UtcNow));
    }

    protected override Task OnGetResponse(GotocolMessage message)
    {
        if (_pending.Remove(message.Trace.Span, out var pending))
        {
            var timed = false;
            if (pending.Edge is { } edge)
            {
                timed = Timed();
                edge.Answered(message.Outcome == Outcome.Failed, timed ? (DateTime.UtcNow - pending.Sent).TotalSeconds : null);
            }
            if (pending.Attempt is { } attempt)
            {
                attempt.Guard.InFlight--;
                if (message.Outcome == Outcome.Failed)
                {
                    AttemptFailed(attempt, DateTime.UtcNow);
                    return Task.CompletedTask;
                }
                if (attempt.Guard.Succeeded()) BreakerMoved(attempt.Service, attempt.Guard);
            }
            if (timed) Responded(pending.Attempt?.Arrived ?? pending.Since);
            Send(pending.ReplyTo, new GotocolMessage(Imposition.GetResponse, Self, DateTime.UtcNow, message.Intention, pending.Trace, message.Outcome),
                TimeSpan.Zero, null);
        }
        return Task.CompletedTask;
    }

    /// <summary>Answers a request directly: "key value" when found or stored, "key" alone when not (nothing when no answer is wanted).</summary>
    protected void Answer(GotocolMessage request, string intention, Outcome outcome = Outcome.Answered)
    {
        if (request.ReplyTo is { } asker)
        {
            if (Metrics.Counting && Timed()) Series.ResponseTime.Record(_serving.TotalSeconds);
            if (request.NoAnswer) return;
            Send(asker, new GotocolMessage(Imposition.GetResponse, Self, DateTime.UtcNow + _serving, intention, request.Trace, outcome), _serving, null);
        }
    }

    /// <summary>Answers that the request failed here: "key" alone, marked failed (nobody could serve it).</summary>
    protected void Fail(GotocolMessage request)
    {
        if (Metrics.Counting) Series.Fail();
        Answer(request, KeyOf(request.Intention), Outcome.Failed);
    }

    /// <summary>The answer to a request that arrived at <paramref name="arrived"/> leaves now: its response time, when sampled.</summary>
    private void Responded(DateTime arrived) => Series.ResponseTime.Record(Math.Max(0, (DateTime.UtcNow - arrived).TotalSeconds));

    /// <summary>
    /// Whether this answer's response times are recorded: one in <see cref="SpigoMetrics.LatencySampling"/> per
    /// nanoservice, as delivery latency (a histogram record on every hop cost -c a tenth of the full-speed rate; the
    /// counts stay exact).
    /// </summary>
    private bool Timed() => _answers++ % SpigoMetrics.LatencySampling == 0;

    /// <summary>While the run is counted, the edge from this node's zone to <paramref name="target"/>'s (counted as sent); else null.</summary>
    private EdgeSeries? EdgeTo(DependencyInstance target)
    {
        if (!Metrics.Counting) return null;
        var edge = target.Edge ??= Metrics.EdgeFor(Me.Arch, Me.Service, _place ??= Me.Region + "." + Me.Zone,
            target.Name.Service, target.Name.Region + "." + target.Name.Zone);
        edge.Sent();
        return edge;
    }

    protected static string KeyOf(string intention)
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
        if (_guards is not null)
        {
            foreach (var guard in _guards.Values)
            {
                if (guard is { Policy.BreakerFailures: > 0 }) guard.Series.BreakerGone(guard.State);
            }
        }
        foreach (var registry in _registries)
        {
            registry.Listen(GotocolMessage.Create(Imposition.Delete, Self, Name));
        }
        // A rebuilt node lost its state with its silo: it says so, and the controller records it in Edda as lost —
        // but for the chaos monkey's victim, which the controller does not wait for: its end is the chaos.
        var exit = goodbye.Intention is ExitReason.Chaos ? ExitReason.Chaos : ExitReason.Normal;
        if (!_lost || exit == ExitReason.Chaos) Edda?.Listen(GotocolMessage.Create(Imposition.Goodbye, Self, Intention.Pair(Name, exit)));
        Report(goodbye, _lost ? GoodbyeReport.Lost(Name) : Name);
    }

    private ulong NextSpan() => ((ulong)(uint)Roll(int.MaxValue) << 32 | (uint)Roll(int.MaxValue)) | 1;
}
