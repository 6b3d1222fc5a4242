using Spigo.Client.Cli;
using YamlDotNet.RepresentationModel;
using static Spigo.Client.Import.ImportYaml;

namespace Spigo.Client.Import;

/// <summary>
/// Reads a Compose file: its services with their image, replicas (<c>deploy.replicas</c> or <c>scale</c>), explicit
/// dependencies (<c>depends_on</c>, <c>links</c>) and the hosts their environment and command name; a service is
/// reached by its name, its <c>hostname</c>, and its network aliases.
/// </summary>
public static class ComposeReader
{
    public static ImportedFiles Read(IReadOnlyList<string> files)
    {
        var workloads = new List<Workload>();
        var hosts = new Dictionary<string, string>(StringComparer.Ordinal);
        var exposed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            foreach (var document in Documents(file))
            {
                if (Child(document.RootNode, "services") is not YamlMappingNode services)
                {
                    throw new UsageException($"{At(file, document.RootNode)}: not a Compose file (no \"services\" mapping)");
                }
                foreach (var (key, service) in services.Children)
                {
                    var name = Text(key) ?? throw new UsageException($"{At(file, key)}: a service needs a name");
                    if (workloads.Any(w => w.Name == name)) throw new UsageException($"{At(file, key)}: service {name} is defined twice");
                    workloads.Add(Service(file, name, service));
                    foreach (var alias in Aliases(name, service)) hosts.TryAdd(alias, name);
                    if (Items(Child(service, "ports")).Any()) exposed.Add(name);
                }
            }
        }
        if (workloads.Count == 0) throw new UsageException($"{files[0]}: no services");
        return new ImportedFiles(workloads, hosts, exposed, []);
    }

    private static Workload Service(string file, string name, YamlNode service)
    {
        var where = At(file, service);
        var references = new List<Reference>();
        foreach (var dependency in Items(Child(service, "depends_on")).Select(Text).OfType<string>()
            .Concat(Child(service, "depends_on") is YamlMappingNode m ? m.Children.Keys.Select(Text).OfType<string>() : []))
        {
            references.Add(new Reference(dependency, "depends_on", where, Explicit: true));
        }
        foreach (var link in Items(Child(service, "links")).Select(Text).OfType<string>())
        {
            references.Add(new Reference(link.Split(':')[0], $"links {link}", where, Explicit: true));
        }
        foreach (var (key, value) in Environment(Child(service, "environment"))) references.AddRange(HostReferences.InVariable(key, value, where));
        references.AddRange(HostReferences.InArguments(Words(Child(service, "command")).Concat(Words(Child(service, "entrypoint"))), where));
        var replicas = Count(Path(service, "deploy", "replicas"), Count(Child(service, "scale"), 1, Architectures.ArchitectureReader.MaxCount, file, "scale"),
            Architectures.ArchitectureReader.MaxCount, file, "deploy.replicas");
        return new Workload(name, replicas, Text(Child(service, "image")) ?? name, "service", where, references);
    }

    /// <summary>A Compose environment: a mapping, or a list of NAME=value.</summary>
    private static IEnumerable<(string, string)> Environment(YamlNode? node) => node is YamlSequenceNode
        ? Items(node).Select(Text).OfType<string>().Where(e => e.Contains('=', StringComparison.Ordinal)).Select(e => (e[..e.IndexOf('=', StringComparison.Ordinal)], e[(e.IndexOf('=', StringComparison.Ordinal) + 1)..]))
        : Pairs(node).Select(p => (p.Key, p.Value));

    /// <summary>A command as a string or a list of words.</summary>
    private static IEnumerable<string> Words(YamlNode? node) => node is YamlScalarNode { Value: { } text } ? [text] : Items(node).Select(Text).OfType<string>();

    private static IEnumerable<string> Aliases(string name, YamlNode service)
    {
        yield return name;
        if (Text(Child(service, "hostname")) is { } hostname) yield return hostname.Split('.')[0];
        if (Child(service, "networks") is YamlMappingNode networks)
        {
            foreach (var alias in networks.Children.Values.SelectMany(n => Items(Child(n, "aliases"))).Select(Text).OfType<string>()) yield return alias;
        }
    }
}
