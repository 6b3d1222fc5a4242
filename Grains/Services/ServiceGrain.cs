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

    private ServiceTime? _serviceTime;
    private NetworkDelays? _network;
    private DelayLine? _delays;
    private Func<double>? _uniform;

    /// <summary>The service time drawn for the request being served: its forwards and its answer leave that much later.</summary>
    private TimeSpan _serving;

    protected NanoName Me => _me;
    protected List<string> Wanted { get; } = [];

    private protected IReadOnlyList<DependencyInstance> InstancesOf(string service) =>
        _instances.TryGetValue(service, out var known) ? known.All : [];

    /// <summary>Set up again after coming back empty: at Goodbye it reports itself lost with its silo.</summary>
    private bool _rebuilt;

    /// <summary>Whether this node was set up again after coming back empty (its silo was lost): its data is gone.</summary>
    protected bool Rebuilt => _rebuilt;

    /// <summary>A service that comes back empty asks to be set up again (a lost pirate stays lost).</summary>
    protected override bool Unbuilt => NeverNamed;

    protected override void OnNamed() => _me = NanoName.Parse(Name);

    /// <summary>
    /// Inform hands over a listener: "edda" (the logger), "eureka" (register here), "lookup" (ask here); from the
    /// controller, <see cref="Intention.Replacement"/> says this setup replaces a node lost with its silo.
    /// </summary>
    protected override Task OnInform(GotocolMessage message)
    {
        if (Aboard && message.Intention == Intention.Replacement) _rebuilt = true;
        if (Aboard && message.ReplyTo is null && Intention.TrySplitPair(message.Intention, out var setting, out var value))
        {
            if (setting == Intention.Latency && ServiceTime.TryParse(value, out var time, out _)) _serviceTime = time;
            if (setting == Intention.Network && NetworkDelays.TryParse(value, out var delays, out _)) _network = delays;
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
        // Set up again: the registries named its dependencies to its lost activation; they must name them once more.
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
            foreach (var (span, pending) in _pending.Where(p => p.Value.Since < old).ToArray()) _pending.Remove(span);
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
        Handle(message);
        return Task.CompletedTask;
    }

    /// <summary>What this package does with a GetRequest or Put; by default forward it to one dependency.</summary>
    protected virtual void Handle(GotocolMessage message)
    {
        if (!Forward(message, ChooseService(), RouteInZone)) Fail(message);
    }

    /// <summary>Zuul and Karyon stay in their zone when they can; ELB, monolith and staash spread over zones.</summary>
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

    /// <summary>Sends a request on with a new span and remembers where its answer must go.</summary>
    protected bool Forward(GotocolMessage message, string? service, bool inZone, bool expectAnswer = true) =>
        service is not null && ChooseInstance(service, inZone) is { } target && ForwardTo(message, target, expectAnswer);

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
        if (expectAnswer && message.ReplyTo is not null)
        {
            _pending[span] = new PendingRequest(message.ReplyTo, message.Trace, DateTime.UtcNow);
        }
        // The sender always says who it is (the flow log names both ends); an answer nobody waits for is dropped.
        Send(target.Listener, new GotocolMessage(message.Imposition, Self, DateTime.UtcNow + _serving, message.Intention, trace), _serving, target.Name);
        return true;
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
            if (to is null && NanoName.TryParse(target.GetGrainId().Key.ToString(), out var name, out _)) to = name;
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
            Send(pending.ReplyTo, new GotocolMessage(Imposition.GetResponse, Self, DateTime.UtcNow, message.Intention, pending.Trace), TimeSpan.Zero, null);
        }
        return Task.CompletedTask;
    }

    /// <summary>Answers a request directly: "key value" when found or stored, "key" alone when not.</summary>
    protected void Answer(GotocolMessage request, string intention)
    {
        if (request.ReplyTo is { } asker) Send(asker, new GotocolMessage(Imposition.GetResponse, Self, DateTime.UtcNow + _serving, intention, request.Trace), _serving, null);
    }

    protected void Fail(GotocolMessage request)
    {
        if (Metrics.Counting) Series.Fail();
        Answer(request, KeyOf(request.Intention));
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
        foreach (var registry in _registries)
        {
            registry.Listen(GotocolMessage.Create(Imposition.Delete, Self, Name));
        }
        // A rebuilt node lost its state with its silo: it says so, and the controller records it in Edda as lost —
        // but for the chaos monkey's victim, which the controller does not wait for: its end is the chaos.
        var exit = goodbye.Intention is "chaos" ? "chaos" : "normal";
        if (!_rebuilt || exit == "chaos") Edda?.Listen(GotocolMessage.Create(Imposition.Goodbye, Self, Intention.Pair(Name, exit)));
        Report(goodbye, _rebuilt ? GoodbyeReport.Lost(Name) : Name);
    }

    private ulong NextSpan() => ((ulong)(uint)Roll(int.MaxValue) << 32 | (uint)Roll(int.MaxValue)) | 1;
}
