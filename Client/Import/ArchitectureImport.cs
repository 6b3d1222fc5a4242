using Spigo.Architecture;
using Spigo.Client.Architectures;
using Spigo.Client.Cli;

namespace Spigo.Client.Import;

/// <summary>
/// Turns what deployment files describe into a json_arch architecture that runs as it is: datastores become storage
/// packages, a service that only reads and writes them a staash, the others karyons; a load generator becomes the
/// Denominator, and the services it (or a load balancer, or nobody) sends to get an ELB in front. Dependencies come
/// from what names another service; those that name nothing known are listed, and <c>--depends</c> adds more.
/// </summary>
public static class ArchitectureImport
{
    public static ImportedArchitecture Build(ImportedFiles files, string arch, IReadOnlyList<(string Service, IReadOnlyList<string> Dependencies)> depends,
        IReadOnlyList<string> entries, string source, string entriesBecause = "--entry")
    {
        var names = files.Workloads.ToDictionary(w => w.Name, w => Name(w.Name, source), StringComparer.Ordinal);
        if (names.GroupBy(n => n.Value).FirstOrDefault(g => g.Count() > 1) is { } clash)
        {
            throw new UsageException($"import: {string.Join(" and ", clash.Select(c => c.Key))} would both be called {clash.Key} in the architecture");
        }
        var notes = new List<string>(files.Notes);
        var unresolved = new List<string>();
        var telemetry = files.Workloads.Where(w => KnownImages.IsTelemetry(w.Image)).Select(w => w.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var t in telemetry) notes.Add($"{t} ({files.Workloads.First(w => w.Name == t).Image}) is telemetry, off the request path: left out");
        var kept = files.Workloads.Where(w => !telemetry.Contains(w.Name)).ToList();
        var sources = kept.Where(w => w.Package == Packages.Denominator || w.Package is null && KnownImages.IsLoadGenerator(w.Name, w.Image)).ToList();
        var packages = kept.Except(sources).ToDictionary(w => w.Name, w => w.Package is { } known ? (Packages.ReadTier(known) < 4 ? known : null) : KnownImages.StoragePackage(w.Name, w.Image), StringComparer.Ordinal);
        var given = kept.Where(w => w.Package is not null).ToDictionary(w => w.Name, w => w.Package!, StringComparer.Ordinal);
        var edges = kept.ToDictionary(w => w.Name, w => new Dictionary<string, string>(StringComparer.Ordinal), StringComparer.Ordinal);
        foreach (var workload in kept) Resolve(workload, files, telemetry, edges[workload.Name], unresolved, notes);
        foreach (var (service, dependencies) in depends)
        {
            var from = Known(service, names, "--depends");
            foreach (var d in dependencies) edges[from].TryAdd(Known(d, names, "--depends"), "--depends");
        }
        foreach (var e in edges.Values)
        {
            foreach (var s in sources) e.Remove(s.Name);
        }
        foreach (var (name, package) in packages.Where(p => p.Value is not null && !Packages.IsRing(p.Value) && edges[p.Key].Count > 0))
        {
            notes.Add($"{name} is a datastore ({package}): what it names ({string.Join(", ", edges[name].Keys)}) is not a request it forwards, left out");
            edges[name].Clear();
        }
        var services = kept.Except(sources).Select(w => Service(w, given.GetValueOrDefault(w.Name) ?? packages[w.Name], packages, edges, names)).ToList();
        CheckCycles(services);
        var entry = Entries(files, sources, edges, packages, entries, entriesBecause, names, notes);
        return Assemble(arch, files, services, sources, entry, names, unresolved, notes, source);
    }

    private static string Name(string name, string source)
    {
        try
        {
            return ArchitectureName.FromText(name, source);
        }
        catch (ArchitectureException e)
        {
            throw new UsageException(e.Message);
        }
    }

    private static string Known(string name, Dictionary<string, string> names, string flag) =>
        names.ContainsKey(name) ? name : names.FirstOrDefault(n => n.Value == name).Key
            ?? throw new UsageException($"{flag}: no workload \"{name}\" in the files{Experiments.Nearest.Suggest(name, names.Keys)}");

    /// <summary>A workload's references that name a known service become its dependencies; those that look like an address of nothing known are listed.</summary>
    private static void Resolve(Workload workload, ImportedFiles files, HashSet<string> telemetry, Dictionary<string, string> edges, List<string> unresolved, List<string> notes)
    {
        foreach (var reference in workload.References)
        {
            var target = files.Hosts.GetValueOrDefault(reference.Host) ?? files.Workloads.FirstOrDefault(w => w.Name == reference.Host)?.Name;
            if (target == workload.Name && workload.Package is { } ring && Packages.IsRing(ring))
            {
                edges.TryAdd(target, reference.From);
                continue;
            }
            if (target == workload.Name)
            {
                if (!reference.Explicit && !reference.LooksLikeAddress) continue;
                throw new UsageException($"{reference.Where}: {workload.Name} names itself as its own dependency ({reference.From})");
            }
            if (target is null)
            {
                if (reference.Explicit) throw new UsageException($"{reference.Where}: {workload.Name}: {reference.From} names \"{reference.Host}\", which is not a service of the files");
                if (reference.LooksLikeAddress) unresolved.Add($"{workload.Name}: {reference.From} names {reference.Host}, which no service of the files is");
                continue;
            }
            if (telemetry.Contains(target))
            {
                notes.Add($"{workload.Name} sends to {target} (telemetry, left out)");
                continue;
            }
            edges.TryAdd(target, reference.From);
        }
    }

    private static ImportedService Service(Workload w, string? known, Dictionary<string, string?> packages, Dictionary<string, Dictionary<string, string>> edges,
        Dictionary<string, string> names)
    {
        var dependencies = edges[w.Name];
        var package = known
            ?? (dependencies.Count > 0 && dependencies.Keys.All(d => packages.GetValueOrDefault(d) is not null) ? Packages.Staash : Packages.Karyon);
        // A storage ring finds its peers through Eureka, as the built-in architectures say.
        IEnumerable<string> registry = Packages.IsRing(package) ? [Packages.RegistryDependency] : [];
        return new ImportedService(names[w.Name], package, package == Packages.Elb ? 0 : Math.Max(1, w.Replicas), 1, [.. dependencies.Keys.Select(d => names[d]), .. registry],
            dependencies.ToDictionary(d => names[d.Key], d => d.Value), w.Image, w.Notes, w.Latency);
    }

    /// <summary>Where the traffic comes in: what a load generator sends to, else --entry, else what a load balancer exposes, else what nothing calls.</summary>
    private static List<string> Entries(ImportedFiles files, List<Workload> sources, Dictionary<string, Dictionary<string, string>> edges,
        Dictionary<string, string?> packages, IReadOnlyList<string> given, string givenBecause, Dictionary<string, string> names, List<string> notes)
    {
        List<string> entries;
        string why;
        if (given.Count > 0) (entries, why) = ([.. given.Select(g => Known(g, names, "--entry"))], givenBecause);
        else if (sources.Count > 0) (entries, why) = ([.. sources.SelectMany(s => edges[s.Name].Keys).Distinct()], $"what {string.Join(", ", sources.Select(s => s.Name))} sends to");
        else if (files.Exposed.Any(e => packages.GetValueOrDefault(e) is null && packages.ContainsKey(e))) (entries, why) = ([.. files.Exposed.Where(e => packages.GetValueOrDefault(e) is null && packages.ContainsKey(e)).Order()], "behind a load balancer, an ingress or published ports");
        else
        {
            var called = edges.Values.SelectMany(e => e.Keys).ToHashSet();
            (entries, why) = ([.. packages.Where(p => p.Value is null && !called.Contains(p.Key)).Select(p => p.Key).Order()], "called by no other service");
        }
        if (entries.Count == 0) throw new UsageException("import: no entry for the traffic (no load generator, load balancer or service that nothing calls); name one with --entry SERVICE");
        notes.Add($"traffic enters at {string.Join(", ", entries.Select(e => names[e]))} ({why})");
        return [.. entries.Select(e => names[e])];
    }

    /// <summary>Services that pass requests on must not reach themselves: such a loop never answers.</summary>
    private static void CheckCycles(List<ImportedService> services)
    {
        var byName = services.ToDictionary(s => s.Name);
        var state = new Dictionary<string, int>();
        var path = new List<string>();
        bool Visit(string name)
        {
            if (state.GetValueOrDefault(name) == 2 || !byName.TryGetValue(name, out var s) || !Packages.Forwards(s.Package)) return false;
            if (state.GetValueOrDefault(name) == 1)
            {
                path.Add(name);
                return true;
            }
            state[name] = 1;
            path.Add(name);
            if (s.Dependencies.Any(Visit)) return true;
            path.RemoveAt(path.Count - 1);
            state[name] = 2;
            return false;
        }
        foreach (var s in services)
        {
            if (!Visit(s.Name)) continue;
            var loop = path[path.IndexOf(path[^1])..];
            throw new UsageException($"import: {string.Join(" → ", loop)}: a loop of services that pass requests on never answers; the files say {string.Join(", ", loop.Zip(loop.Skip(1)).Select(p => $"{p.First}→{p.Second} by {byName[p.First].Because[p.Second]}"))}");
        }
    }

    private static ImportedArchitecture Assemble(string arch, ImportedFiles files, List<ImportedService> services, List<Workload> sources, List<string> entries,
        Dictionary<string, string> names, List<string> unresolved, List<string> notes, string source)
    {
        var taken = services.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        string Free(string wanted) => Enumerable.Range(0, 100).Select(i => i == 0 ? wanted : $"{wanted}{i + 1}").First(n => taken.Add(n));
        // An entry that is a load balancer already (this project's own traces) is sent to as it is.
        var elbs = entries.Select(e => services.FirstOrDefault(s => s.Name == e && s.Package == Packages.Elb)
            ?? new ImportedService(Free($"{e}-elb"), Packages.Elb, 0, 1, [e], new Dictionary<string, string> { [e] = "the entry" })).ToList();
        services = [.. services.Except(elbs)];
        var denominator = new ImportedService(Free(sources.Count > 0 ? names[sources[0].Name] : "www"), Packages.Denominator, 0, 0, [.. elbs.Select(e => e.Name)],
            elbs.ToDictionary(e => e.Name, _ => "the traffic source"));
        var ordered = Topological(services);
        var reached = Reached([.. ordered, .. elbs, denominator], denominator.Name);
        foreach (var s in ordered.Where(s => !reached.Contains(s.Name))) notes.Add($"{s.Name} is reached from no entry (nothing the files say calls it); add a dependency with --depends");
        var victim = ordered.Where(s => Packages.Scalable(s.Package) && s.Count >= 2).OrderByDescending(s => s.Count).FirstOrDefault()?.Name ?? "";
        notes.Add("one region, each service's instances spread over its three zones; instance counts are the replicas");
        return new ImportedArchitecture(Name(arch, source), $"imported from {source}", victim, [.. ordered, .. elbs, denominator], unresolved, notes);
    }

    /// <summary>Dependencies before what depends on them, as the original's files list them; ties by name.</summary>
    private static List<ImportedService> Topological(List<ImportedService> services)
    {
        var left = services.OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
        var done = new List<ImportedService>();
        while (left.Count > 0)
        {
            var next = left.FirstOrDefault(s => s.Dependencies.All(d => done.Any(x => x.Name == d) || d == s.Name || left.All(l => l.Name != d))) ?? left[0];
            done.Add(next);
            left.Remove(next);
        }
        return done;
    }

    private static HashSet<string> Reached(List<ImportedService> services, string root)
    {
        var byName = services.ToDictionary(s => s.Name);
        var seen = new HashSet<string>(StringComparer.Ordinal) { root };
        var queue = new Queue<string>([root]);
        while (queue.Count > 0)
        {
            foreach (var d in byName[queue.Dequeue()].Dependencies.Where(d => byName.ContainsKey(d) && seen.Add(d))) queue.Enqueue(d);
        }
        return seen;
    }
}
