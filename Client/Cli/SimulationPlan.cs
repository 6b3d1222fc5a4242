using Spigo.Architecture;
using Spigo.Client.Architectures;
using Spigo.Client.Output;
using Spigo.Gotocol;
using Spigo.Names;

namespace Spigo.Client.Cli;

/// <summary>
/// What a run will create, worked out before anything starts, so bad input fails fast with nothing written.
/// </summary>
public sealed record SimulationPlan(
    IReadOnlyList<string> Pirates,
    IReadOnlyList<(string Source, string Target)>? Edges,
    string? ReloadedFrom,
    ArchitecturePlan? Architecture = null)
{
    /// <summary>Output file stem: the architecture's name, with the migration step appended as spigo does.</summary>
    public string FileStem(SpigoOptions options)
    {
        var arch = Architecture?.Definition.Arch ?? options.Arch;
        return arch == "migration" ? $"{arch}{options.Step}" : arch;
    }

    public static string PirateName(string arch, string instance) => new NanoName(arch, NanoName.Any, NanoName.Any, Packages.Pirate, Packages.Pirate, instance).ToString();

    public static SimulationPlan Create(SpigoOptions options)
    {
        try
        {
            var plan = Plan(options);
            if (plan.Architecture is not { } architecture)
            {
                if (options.ServiceTimes.Count > 0 || options.Network is not null || options.Faults.Count > 0 || options.Resilience.Count > 0
                    || options.Capacities.Count > 0 || options.Autoscales.Count > 0 || options.Load is not null)
                {
                    var flag = options.Network is not null ? "--network" : options.ServiceTimes.Count > 0 ? "--service-time"
                        : options.Resilience.Count > 0 ? "--resilience" : options.Capacities.Count > 0 ? "--capacity" : options.Autoscales.Count > 0 ? "--autoscale" : options.Load is not null ? "--load" : "--chaos";
                    throw new UsageException($"{flag}: pirates do not serve requests; it is for the other architectures");
                }
                if (options.Verify) throw new UsageException("--verify: pirates store nothing to read back; it is for the architectures with storage");
                if (options.Regions != 1) throw new UsageException($"-w {options.Regions}: pirates live in no region; it is for the other architectures");
                return plan;
            }
            CheckFaults(architecture, options);
            var definition = WithAutoscales(WithCapacities(WithResilience(WithServiceTimes(architecture.Definition, options.ServiceTimes),
                options.Resilience), options.Capacities), options.Autoscales);
            CheckAutoscales(definition, architecture, options.Autoscales);
            return plan with { Architecture = architecture with { Definition = definition } };
        }
        catch (ArchitectureException e)
        {
            throw new UsageException(e.Message);
        }
    }

    /// <summary>Every fault (the file's and --chaos's) names a service or zone of this run, within the traffic's duration.</summary>
    private static void CheckFaults(ArchitecturePlan architecture, SpigoOptions options)
    {
        foreach (var (fault, from) in (architecture.Definition.Chaos ?? []).Select(f => (f, "the file's chaos")).Concat(options.Faults.Select(f => (f, "--chaos"))))
        {
            var where = $"{from} {fault.Kind}:{fault.Target}";
            if (fault.At >= options.Duration) throw new UsageException($"{where}: at {GoDuration.Format(fault.At)}, but the traffic lasts {GoDuration.Format(options.Duration)}");
            if (fault.Kind == Fault.Gorilla)
            {
                var (region, zone) = fault.Zone;
                if (!architecture.Nodes.Any(n => n.Name.Region == region && n.Name.Zone == zone))
                {
                    throw new UsageException($"{where}: no nanoservice of {architecture.Definition.Arch} lives in {fault.Target} (regions: {string.Join(", ", architecture.Regions)})");
                }
            }
            else if (fault.Kind == Fault.Kong)
            {
                if (!architecture.Regions.Contains(fault.Target))
                {
                    throw new UsageException($"{where}: no nanoservice of {architecture.Definition.Arch} lives in {fault.Target} (regions: {string.Join(", ", architecture.Regions)})");
                }
                if (architecture.Regions.Count < 2)
                {
                    throw new UsageException($"{where}: chaos kong needs two regions or more (-w 2): the Denominator has no other region to fail traffic over to");
                }
            }
            else if (fault.Kind == Fault.Partition)
            {
                var (a, b) = fault.Sides;
                foreach (var side in new[] { a, b })
                {
                    if (!architecture.Nodes.Any(n => n.Name.Region == side || $"{n.Name.Region}.{n.Name.Zone}" == side))
                    {
                        throw new UsageException($"{where}: no nanoservice of {architecture.Definition.Arch} lives in {side} (regions: {string.Join(", ", architecture.Regions)})");
                    }
                }
                if (a.StartsWith(b + ".", StringComparison.Ordinal) || b.StartsWith(a + ".", StringComparison.Ordinal))
                {
                    throw new UsageException($"{where}: {a} and {b} overlap; a partition separates two places");
                }
            }
            else if (!architecture.Nodes.Any(n => n.Name.Service == fault.Target))
            {
                throw new UsageException($"{where}: {architecture.Definition.Arch} has no instance of a service \"{fault.Target}\"");
            }
        }
    }

    /// <summary>--service-time over the file's "latency", service by service; a name the architecture lacks is a mistake.</summary>
    private static ArchitectureDefinition WithServiceTimes(ArchitectureDefinition definition, IReadOnlyDictionary<string, ServiceTime> times) =>
        Overlay(definition, times, "--service-time", (s, t) => s with { Latency = t });

    /// <summary>--capacity over the file's "capacity", service by service; a name the architecture lacks is a mistake.</summary>
    private static ArchitectureDefinition WithCapacities(ArchitectureDefinition definition, IReadOnlyDictionary<string, Capacity> capacities) =>
        Overlay(definition, capacities, "--capacity", (s, c) => s with { Capacity = c });

    /// <summary>--autoscale over the file's "autoscale", service by service; a name the architecture lacks is a mistake.</summary>
    private static ArchitectureDefinition WithAutoscales(ArchitectureDefinition definition, IReadOnlyDictionary<string, ScalingPolicy> policies) =>
        Overlay(definition, policies, "--autoscale", (s, p) => s with { Autoscale = p });

    /// <summary>
    /// A service the auto-scaler tracks has workers whose utilization it can track, keeps no data (a new instance
    /// serves at once; one taken out loses nothing) and has instances in zones.
    /// </summary>
    private static void CheckAutoscales(ArchitectureDefinition definition, ArchitecturePlan architecture, IReadOnlyDictionary<string, ScalingPolicy> flags)
    {
        foreach (var service in definition.Services.Where(s => s.Autoscale is not null))
        {
            var where = flags.ContainsKey(service.Name) ? $"--autoscale {service.Name}" : $"the file's \"autoscale\" of {service.Name}";
            if (service.Capacity is null)
            {
                throw new UsageException($"{where}: {service.Name} has no capacity, so no utilization to track; give it one (--capacity {service.Name}=workers:4,queue:64)");
            }
            if (!Packages.Scalable(service.Package))
            {
                throw new UsageException($"{where}: {service.Name} is a service of package {service.Package}; only stateless services in zones scale ({string.Join(", ", Packages.Services.Where(Packages.Scalable))})");
            }
            if (architecture.OfService(service.Name).Any(n => n.Name.Zone == NanoName.Any))
            {
                throw new UsageException($"{where}: {service.Name} is one node spanning {(service.Regions == 0 ? "regions" : "zones")} at this scale; only a service with instances in zones scales");
            }
        }
    }

    /// <summary>A SERVICE=VALUE flag's values set on their services.</summary>
    private static ArchitectureDefinition Overlay<T>(ArchitectureDefinition definition, IReadOnlyDictionary<string, T> values, string flag,
        Func<ServiceDefinition, T, ServiceDefinition> set)
    {
        if (values.Count == 0) return definition;
        if (values.Keys.FirstOrDefault(name => definition.Services.All(s => s.Name != name)) is { } unknown)
        {
            throw new UsageException($"{flag} {unknown}={values[unknown]}: {definition.Arch} has no service \"{unknown}\"; it has {string.Join(", ", definition.Services.Select(s => s.Name))}");
        }
        return definition with { Services = [.. definition.Services.Select(s => values.TryGetValue(s.Name, out var v) ? set(s, v) : s)] };
    }

    /// <summary>--resilience over the file's "resilience": the service must exist, the dependency be one of its own.</summary>
    private static ArchitectureDefinition WithResilience(ArchitectureDefinition definition,
        IReadOnlyList<(string Service, string Dependency, ResiliencePolicy Policy)> policies)
    {
        if (policies.Count == 0) return definition;
        foreach (var (service, dependency, policy) in policies)
        {
            var at = $"--resilience {service}{(dependency == ResiliencePolicy.AnyDependency ? "" : "/" + dependency)}={policy}";
            if (definition.Services.FirstOrDefault(s => s.Name == service) is not { } found)
            {
                throw new UsageException($"{at}: {definition.Arch} has no service \"{service}\"; it has {string.Join(", ", definition.Services.Select(s => s.Name))}");
            }
            if (dependency != ResiliencePolicy.AnyDependency && !found.Dependencies.Contains(dependency))
            {
                throw new UsageException($"{at}: {service} does not depend on \"{dependency}\" (it depends on {(found.Dependencies.Count == 0 ? "nothing" : string.Join(", ", found.Dependencies))})");
            }
        }
        return definition with
        {
            Services = [.. definition.Services.Select(s => policies.Any(p => p.Service == s.Name)
                ? s with { Resilience = policies.Where(p => p.Service == s.Name).Aggregate(
                    new Dictionary<string, ResiliencePolicy>(s.Resilience ?? new Dictionary<string, ResiliencePolicy>(), StringComparer.Ordinal),
                    (all, p) => { all[p.Dependency] = p.Policy; return all; }) }
                : s)],
        };
    }

    private static SimulationPlan Plan(SpigoOptions options)
    {
        if (options.Step != 0 && options.Arch != "migration") throw new UsageException($"-s {options.Step}: only -a migration has steps");
        if (options.ReloadFile is not null) return Reload(options, options.ReloadFile);
        if (options.Arch == "fsm")
        {
            MemoryEstimate.Check($"-p {options.Population}", options.Population, 0, options.Cluster is null);
            return Fresh(options);
        }
        if (Directory.Exists(options.Arch)) throw new UsageException($"-a {options.Arch}: is a directory, not an architecture file");
        if (!ArchitectureCatalog.Exists(options.Arch))
        {
            var looksLikeFile = options.Arch.Contains('/') || options.Arch.EndsWith(".json", StringComparison.OrdinalIgnoreCase);
            throw new UsageException(looksLikeFile
                ? $"-a {options.Arch}: file not found"
                : $"-a {options.Arch}: unknown architecture; choose one of fsm, {string.Join(", ", ArchitectureCatalog.BuiltIn)}, or give an architecture file");
        }
        var definition = ArchitectureCatalog.Load(options.Arch, options.Step);
        if (options.RunName is { } name) definition = definition with { Arch = name };
        MemoryEstimate.Check($"-a {options.Arch} -p {options.Population} -w {options.Regions}", 0,
            MemoryEstimate.Nodes(definition, options.Population, options.Regions), options.Cluster is null,
            MemoryEstimate.Edges(definition, options.Population, options.Regions));
        return new SimulationPlan([], null, null, Asgard.Create(definition, options.Population, options.Regions));
    }

    private static SimulationPlan Fresh(SpigoOptions options)
    {
        var pirates = new string[options.Population];
        for (var i = 0; i < pirates.Length; i++) pirates[i] = PirateName(options.Arch, "Pirate" + (i + 1));
        return new SimulationPlan(pirates, null, null);
    }

    private static SimulationPlan Reload(SpigoOptions options, string file)
    {
        var document = GraphJsonReader.Read(file);
        if (document.Nodes.Any(n => (n.Package is { Length: > 0 } p ? p : GraphJsonReader.PackageOf(n.Name)) is not (Packages.Pirate or "")))
        {
            MemoryEstimate.Check($"-r {file}", 0, document.Nodes.Count(), options.Cluster is null, MemoryEstimate.Edges(document));
            return new SimulationPlan([], null, file, GraphPlanner.FromGraph(document, file));
        }
        MemoryEstimate.Check($"-r {file}", document.Nodes.Count(), 0, options.Cluster is null);
        var pirates = new List<string>();
        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in document.Nodes)
        {
            var name = Qualify(options.Arch, node.Name, file);
            if (known.Add(name)) pirates.Add(name);
        }
        var edges = document.Edges
            .Select(e => (Qualify(options.Arch, e.Source!, file), Qualify(options.Arch, e.Target!, file)))
            .ToArray();
        return new SimulationPlan(pirates, edges, file);
    }

    /// <summary>A full dotted name stays as it is; a bare pirate name (older fsm files) becomes one of this run's pirates.</summary>
    private static string Qualify(string arch, string name, string file)
    {
        if (!name.Contains('.'))
        {
            var problem = NanoName.CheckPart(name, allowAny: false);
            return problem is null ? PirateName(arch, name) : throw new UsageException($"{file}: node name {problem}");
        }
        if (!NanoName.TryParse(name, out var parsed, out var error)) throw new UsageException($"{file}: {error}");
        // A pirate graph holds pirates: a node named as a service would be set up as a pirate and never answer as one.
        return parsed.Package == Packages.Pirate ? parsed.ToString() : throw new UsageException($"{file}: node {name}: a graph of pirates holds only pirates (this one is a {parsed.Package})");
    }
}
