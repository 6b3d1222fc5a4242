namespace Spigo.Client.Import;

/// <summary>
/// The service graph traces show. A span whose parent is in another service (or that has none) is a request into its
/// service; a dependency is a pair of services one such request crosses; a client span to a datastore the traces do
/// not include is a dependency on that datastore. A request's own time is its span's, less the time it waited on
/// other services and datastores; for this project's own hop spans, the time from a hop's arrival to the first hop it
/// sends on. Spans whose parent is missing, or whose children outlast them (clock skew), are counted, not guessed at.
/// </summary>
public sealed class TraceGraph
{
    /// <summary>Clocks of two hosts may disagree by this much before a child counts as outside its parent.</summary>
    private const long SkewToleranceMicroseconds = 1000;

    public List<TraceService> Services { get; } = [];
    public List<TraceEdge> Edges { get; } = [];
    public List<string> Roots { get; } = [];
    public int NoParent { get; private set; }
    public int Skewed { get; private set; }
    public int Requests { get; private set; }
    public double RequestsPerSecond { get; private set; }

    private readonly Dictionary<(string, string), List<TraceSpan>> _byId = [];
    private readonly Dictionary<TraceSpan, TraceSpan?> _parent = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<TraceSpan, List<TraceSpan>> _children = new(ReferenceEqualityComparer.Instance);

    public static TraceGraph Build(IReadOnlyList<TraceSpan> spans, bool hops)
    {
        var graph = new TraceGraph();
        graph.Link(spans);
        graph.RefuseCycles(spans);
        graph.Measure(spans, hops);
        return graph;
    }

    private void Link(IReadOnlyList<TraceSpan> spans)
    {
        foreach (var s in spans)
        {
            if (!_byId.TryGetValue((s.Trace, s.Id), out var list)) _byId[(s.Trace, s.Id)] = list = [];
            list.Add(s);
        }
        foreach (var s in spans)
        {
            TraceSpan? parent = null;
            if (s.Parent is { } id)
            {
                var candidates = _byId.GetValueOrDefault((s.Trace, id))?.Where(c => !ReferenceEquals(c, s)).ToList() ?? [];
                // Zipkin shares one id between a client span and the server span it calls; what runs under it runs on the server side.
                parent = candidates.FirstOrDefault(c => c.Service == s.Service) ?? candidates.FirstOrDefault(c => c.Kind == SpanKind.Server) ?? candidates.FirstOrDefault();
                if (parent is null) NoParent++;
            }
            _parent[s] = parent;
            if (parent is not null)
            {
                if (!_children.TryGetValue(parent, out var kids)) _children[parent] = kids = [];
                kids.Add(s);
            }
        }
    }

    /// <summary>A request into a service: its parent is in another service, or it has none in the traces (a root, or one whose parent is missing).</summary>
    /// <summary>Spans that are each other's ancestors make no tree: the file is refused, naming them.</summary>
    private void RefuseCycles(IReadOnlyList<TraceSpan> spans)
    {
        var done = new HashSet<TraceSpan>(ReferenceEqualityComparer.Instance);
        foreach (var span in spans)
        {
            var path = new List<TraceSpan>();
            var seen = new HashSet<TraceSpan>(ReferenceEqualityComparer.Instance);
            for (var s = span; s is not null && !done.Contains(s); s = _parent[s])
            {
                if (!seen.Add(s))
                {
                    var loop = path[path.IndexOf(s)..];
                    throw new Cli.UsageException($"trace {s.Trace}: spans {string.Join(" → ", loop.Select(x => x.Id))} → {s.Id} are each other's parents; traces are trees");
                }
                path.Add(s);
            }
            done.UnionWith(path);
        }
    }

    private bool IsRequest(TraceSpan s, bool hops) => hops || _parent[s] is not { } p || p.Service != s.Service;

    private List<TraceSpan> Children(TraceSpan s) => _children.GetValueOrDefault(s) ?? [];

    private void Measure(IReadOnlyList<TraceSpan> spans, bool hops)
    {
        var requests = spans.Where(s => IsRequest(s, hops)).ToList();
        // Requests from outside: the roots, and those whose parent the traces lack (a trace collected from one service).
        var roots = requests.Where(s => hops ? s.From is null : _parent[s] is null).ToList();
        Requests = roots.Count;
        if (roots.Count > 1)
        {
            var seconds = (roots.Max(r => r.Start) - roots.Min(r => r.Start)) / 1e6;
            RequestsPerSecond = seconds >= 1 ? (roots.Count - 1) / seconds : 0;
        }
        Roots.AddRange(roots.Select(r => r.Service).Distinct().Order(StringComparer.Ordinal));
        var byService = requests.GroupBy(s => s.Service).ToDictionary(g => g.Key, g => g.ToList());
        var calls = new Dictionary<(string From, string To), (long Calls, long Errors)>();
        void Call(string from, string to, bool error)
        {
            var (c, e) = calls.GetValueOrDefault((from, to));
            calls[(from, to)] = (c + 1, e + (error ? 1 : 0));
        }
        foreach (var r in requests)
        {
            var from = hops ? r.From : _parent[r]?.Service;
            if (from is not null) Call(from, r.Service, r.Error);
        }
        var datastores = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var c in spans.Where(s => s.Kind == SpanKind.Client && (s.DbSystem is not null || s.Peer is not null) && !Children(s).Any(k => k.Service != s.Service)))
        {
            var name = (c.Peer ?? c.DbSystem)!.ToLowerInvariant();
            if (byService.ContainsKey(name) || c.DbSystem is null && !byService.ContainsKey(name) && name == c.Service) continue;
            datastores.TryAdd(name, c.DbSystem ?? name);
            Call(c.Service, name, c.Error);
        }
        foreach (var (service, list) in byService)
        {
            var own = hops ? HopTimes(list) : OwnTimes(list);
            Services.Add(new TraceService(service, list.Select(s => s.Package).FirstOrDefault(p => p is not null), list.Count,
                list.Select(s => s.Instance).OfType<string>().Distinct().Count(), [.. list.Select(s => s.Region).OfType<string>().Distinct().Order()],
                [.. list.Select(s => s.Zone).OfType<string>().Distinct().Order()], ServiceTimeFit.Of(own), null));
        }
        foreach (var (name, system) in datastores) Services.Add(new TraceService(name, null, calls.Where(c => c.Key.To == name).Sum(c => c.Value.Calls), 0, [], [], null, system));
        foreach (var ((from, to), (count, errors)) in calls.OrderBy(c => c.Key.From, StringComparer.Ordinal).ThenBy(c => c.Key.To, StringComparer.Ordinal))
        {
            var callers = byService.GetValueOrDefault(from)?.Count ?? 0;
            Edges.Add(new TraceEdge(from, to, count, errors, callers > 0 ? (double)count / callers : 0));
        }
    }

    /// <summary>Each request's own time: its span less the time it waited on other services and datastores, in seconds.</summary>
    private List<double> OwnTimes(List<TraceSpan> requests)
    {
        var times = new List<double>();
        foreach (var request in requests)
        {
            var waits = new List<(long Start, long End)>();
            var skewed = false;
            var stack = new Stack<TraceSpan>([request]);
            while (stack.Count > 0)
            {
                foreach (var child in Children(stack.Pop()))
                {
                    if (child.Start < request.Start - SkewToleranceMicroseconds || child.End > request.End + SkewToleranceMicroseconds) skewed = true;
                    if (child.Service != request.Service) waits.Add((child.Start, child.End));
                    else if (child.Kind == SpanKind.Client && (child.DbSystem is not null || child.Peer is not null || Children(child).Any(k => k.Service != child.Service))) waits.Add((child.Start, child.End));
                    else stack.Push(child);
                }
            }
            if (skewed)
            {
                Skewed++;
                continue;
            }
            times.Add(Math.Max(0, request.Duration - Covered(waits, request.Start, request.End)) / 1e6);
        }
        return times;
    }

    /// <summary>This project's hops: from a hop's arrival at a nanoservice to the first hop it sends on for it, in seconds.</summary>
    private List<double> HopTimes(List<TraceSpan> arrivals)
    {
        var times = new List<double>();
        foreach (var hop in arrivals)
        {
            // What it sends on to another service; a storage ring's copies to its own peers are no service time.
            var onward = Children(hop).Where(c => c.Service != hop.Service).ToList();
            if (onward.Count == 0) continue;
            var own = onward.Min(c => c.Start) - hop.End;
            if (own < -SkewToleranceMicroseconds)
            {
                Skewed++;
                continue;
            }
            times.Add(Math.Max(0, own) / 1e6);
        }
        return times;
    }

    /// <summary>Microseconds of [from, to] that the intervals cover, overlaps counted once.</summary>
    private static long Covered(List<(long Start, long End)> intervals, long from, long to)
    {
        long covered = 0, reach = from;
        foreach (var (start, end) in intervals.Select(i => (Math.Max(i.Start, from), Math.Min(i.End, to))).Where(i => i.Item2 > i.Item1).OrderBy(i => i.Item1))
        {
            var s = Math.Max(start, reach);
            if (end > s) covered += end - s;
            reach = Math.Max(reach, end);
        }
        return covered;
    }
}
