using Spigo.Client.Output;
using Spigo.Names;

namespace Spigo.Client.Cli;

/// <summary>
/// What a run will create, worked out before anything starts, so bad input fails fast with nothing written.
/// </summary>
public sealed record SimulationPlan(
    IReadOnlyList<string> Pirates,
    IReadOnlyList<(string Source, string Target)>? Edges,
    string? ReloadedFrom)
{
    public const string PiratePackage = "pirate";

    public static string PirateName(string arch, string instance) => new NanoName(arch, NanoName.Any, NanoName.Any, PiratePackage, PiratePackage, instance).ToString();

    public static SimulationPlan Create(SpigoOptions options)
    {
        if (!SpigoCommand.Architectures.Contains(options.Arch))
        {
            var looksLikeFile = options.Arch.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || File.Exists(options.Arch);
            throw new UsageException(looksLikeFile
                ? $"-a {options.Arch}: architecture files are not available yet (they come with the architectures feature)"
                : $"-a {options.Arch}: unknown architecture; choose one of {string.Join(", ", SpigoCommand.Architectures)}");
        }
        if (options.Arch != "fsm")
        {
            throw new UsageException($"-a {options.Arch}: this architecture is not available yet (it comes with the architectures feature); -a fsm runs now");
        }
        if (options.Collect)
        {
            throw new UsageException("-c: metrics collection is not available yet (it comes with the observability feature)");
        }
        var archError = NanoName.CheckPart(options.Arch, allowAny: false);
        if (archError is not null) throw new UsageException($"-a: architecture name {archError}");

        return options.ReloadFile is null ? Fresh(options) : Reload(options, options.ReloadFile);
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
        var pirates = new List<string>();
        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in document.Nodes)
        {
            var name = Qualify(options.Arch, node.Name, file);
            var package = node.Package is { Length: > 0 } p ? p : NanoName.Parse(name).Package;
            if (package != PiratePackage)
            {
                throw new UsageException($"{file}: node {node.Name} has package \"{package}\"; reloading services other than pirates comes with the architectures feature (not available yet)");
            }
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
        return NanoName.TryParse(name, out var parsed, out var error) ? parsed.ToString() : throw new UsageException($"{file}: {error}");
    }
}
