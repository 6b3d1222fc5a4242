using System.Globalization;
using Spigo.Client.Cli;
using Spigo.Gotocol;

namespace Spigo.Client.Import;

/// <summary>
/// Traces to an architecture: the trace graph's services and dependencies as workloads that name each other, each
/// with its fitted service time and instance count, the root services as the traffic's entry, and the rate of root
/// requests as the architecture's load. Then the same assembly as the other imports.
/// </summary>
public static class TraceImport
{
    public static (ImportedArchitecture Architecture, TraceGraph Graph, IReadOnlyList<TraceFile> Files) Build(IReadOnlyList<string> paths, string arch,
        IReadOnlyList<(string, IReadOnlyList<string>)> depends, IReadOnlyList<string> entries, string source)
    {
        var files = paths.Select(TraceReader.Read).ToList();
        if (files.Select(f => f.Hops).Distinct().Count() > 1) throw new UsageException($"{source}: this project's flow files and other traces cannot be imported together");
        var spans = files.SelectMany(f => f.Spans).ToList();
        if (spans.Count == 0) throw new UsageException($"{source}: no span with a service, an id and a time ({files.Sum(f => f.Unreadable)} unreadable)");
        if (spans.Count > TraceReader.MaxSpans) throw new UsageException($"{source}: more than {TraceReader.MaxSpans} spans in all; sample the traces");
        var hops = files[0].Hops;
        TraceGraph graph;
        try
        {
            graph = TraceGraph.Build(spans, hops);
        }
        catch (UsageException e)
        {
            throw new UsageException($"{source}: {e.Message}");
        }
        var workloads = graph.Services.Select(s => Workload(s, graph, hops)).ToList();
        var notes = new List<string>
        {
            $"{spans.Count} spans read ({string.Join(", ", files.Select(f => f.Format).Distinct())}); requests from outside: {graph.Requests}, " +
            $"of them {graph.NoParent} whose parent the traces lack; not used: {files.Sum(f => f.Unreadable)} unreadable, {graph.Skewed} not timed (a child outside its parent: clock skew)",
        };
        var read = new ImportedFiles(workloads, workloads.ToDictionary(w => w.Name, w => w.Name, StringComparer.Ordinal), new HashSet<string>(), notes);
        var architecture = ArchitectureImport.Build(read, arch, depends, entries.Count > 0 || hops ? entries : graph.Roots, source,
            entries.Count > 0 ? "--entry" : "the services requests from outside reach first");
        var load = graph.RequestsPerSecond > 0 ? $"{graph.RequestsPerSecond.ToString("0.##", CultureInfo.InvariantCulture)}/s" : null;
        return (architecture with { Load = load }, graph, files);
    }

    /// <summary>A median own time below this is taken as none (the time to pass a request on).</summary>
    public const double MinServiceTime = 50e-6;

    private static Workload Workload(TraceService s, TraceGraph graph, bool hops)
    {
        var references = graph.Edges.Where(e => e.From == s.Name && (e.To != s.Name || hops))
            .Select(e => new Reference(e.To, $"{e.Calls} calls, {e.CallsPerRequest:0.##} a request, {e.ErrorShare * 100:0.#}% failed", "traces", Explicit: true)).ToList();
        var instances = s.Instances > 0 ? s.Instances : s.DbSystem is not null ? 1 : 3;
        // Passing a request on takes microseconds of the simulator's own; below this a service has no time of its own.
        var fit = s.Fit is { MedianSeconds: >= MinServiceTime } f ? f : null;
        var workload = new Workload(s.Name, instances, s.DbSystem ?? "", "traced", "traces", references)
        {
            // A datastore the traces only show being called: storage, of the kind its name or system says.
            Package = s.Package ?? (s.DbSystem is { } system ? KnownImages.StoragePackage(s.Name, system) ?? Architecture.Packages.Store : null),
            Latency = fit?.Latency,
        };
        if (s.Instances == 0 && s.DbSystem is null) workload.Notes.Add("no instance ids in the traces: three instances assumed, one a zone");
        if (fit is not null) workload.Notes.Add($"own time {fit.Latency} from {fit.Samples} requests (Kolmogorov–Smirnov distance {fit.Distance:0.###})");
        else if (s.Fit is { } small) workload.Notes.Add($"own time {GoDuration.Format(TimeSpan.FromSeconds(small.MedianSeconds))} (median of {small.Samples}): none to speak of, no latency given");
        else if (s.DbSystem is null && s.Requests < 2) workload.Notes.Add($"own time not measured: {s.Requests} request, too few to fit");
        else if (s.DbSystem is null) workload.Notes.Add("own time not measured (no request of it went on to another service)");
        if (s.Regions.Count > 1) workload.Notes.Add($"seen in {s.Regions.Count} regions ({string.Join(", ", s.Regions)}): run with -w {s.Regions.Count}");
        return workload;
    }
}
