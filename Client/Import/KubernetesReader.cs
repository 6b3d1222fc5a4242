using Spigo.Client.Cli;
using YamlDotNet.RepresentationModel;
using static Spigo.Client.Import.ImportYaml;

namespace Spigo.Client.Import;

/// <summary>
/// Reads Kubernetes manifests (multi-document YAML or JSON, <c>kind: List</c>, <c>helm template</c> output):
/// Deployments, StatefulSets, DaemonSets and ReplicaSets with their replicas and containers, the Services that select
/// them, ConfigMaps their environment comes from, and Ingresses and load-balancer Services that expose them.
/// </summary>
public sealed class KubernetesReader
{
    private static readonly string[] WorkloadKinds = ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet"];
    private sealed record Template(string Name, string Namespace, string Kind, int Replicas, YamlNode Pod, Dictionary<string, string> Labels, string Where);

    private sealed record KService(string Name, string Namespace, Dictionary<string, string> Selector, string Type, string Where);

    private readonly List<Template> _templates = [];
    private readonly List<KService> _services = [];
    private readonly Dictionary<(string Namespace, string Name), Dictionary<string, string>> _configMaps = [];
    private readonly HashSet<(string Namespace, string Service)> _ingressBackends = [];
    private readonly List<string> _notes = [];
    private readonly Dictionary<string, int> _skipped = new(StringComparer.Ordinal);
    private int _documents;

    public static ImportedFiles Read(IReadOnlyList<string> files)
    {
        var reader = new KubernetesReader();
        foreach (var file in files) reader.ReadFile(file);
        return reader.Build();
    }

    private void ReadFile(string file)
    {
        foreach (var document in Documents(file))
        {
            if ((_documents += 1) > MaxDocuments) throw new UsageException($"{file}: more than {MaxDocuments} documents in all; an import reads at most that many");
            ReadObject(file, document.RootNode);
        }
    }

    private void ReadObject(string file, YamlNode node)
    {
        if (node is YamlScalarNode { Value: null or "" }) return; // an empty document between two "---"
        if (node is not YamlMappingNode || Text(Child(node, "kind")) is not { } kind || Text(Child(node, "apiVersion")) is null)
        {
            throw new UsageException($"{At(file, node)}: not a Kubernetes manifest (no apiVersion and kind)");
        }
        var name = Text(Path(node, "metadata", "name")) ?? throw new UsageException($"{At(file, node)}: a {kind} without metadata.name");
        var ns = Text(Path(node, "metadata", "namespace")) ?? "default";
        switch (kind)
        {
            case "List":
                foreach (var item in Items(Child(node, "items"))) ReadObject(file, item);
                break;
            case var k when WorkloadKinds.Contains(k):
                var pod = Path(node, "spec", "template") ?? throw new UsageException($"{At(file, node)}: {kind} {name} has no spec.template");
                var replicas = kind == "DaemonSet" ? 3 : Count(Path(node, "spec", "replicas"), 1, Architectures.ArchitectureReader.MaxCount, file, "spec.replicas");
                _templates.Add(new Template(name, ns, kind, replicas, pod, Pairs(Path(pod, "metadata", "labels")), At(file, node)));
                break;
            case "Pod":
                _templates.Add(new Template(name, ns, kind, 1, node, Pairs(Path(node, "metadata", "labels")), At(file, node)));
                break;
            case "Service":
                var selector = Pairs(Path(node, "spec", "selector"));
                _services.Add(new KService(name, ns, selector, Text(Path(node, "spec", "type")) ?? "ClusterIP", At(file, node)));
                break;
            case "ConfigMap":
                _configMaps[(ns, name)] = Pairs(Child(node, "data"));
                break;
            case "Ingress":
                foreach (var backend in Backends(node)) _ingressBackends.Add((ns, backend));
                break;
            default:
                _skipped[kind] = _skipped.GetValueOrDefault(kind) + 1;
                break;
        }
    }

    /// <summary>The Services an Ingress sends to (networking.k8s.io/v1's service.name, or v1beta1's serviceName).</summary>
    private static IEnumerable<string> Backends(YamlNode ingress)
    {
        var spec = Child(ingress, "spec");
        var backends = new List<YamlNode?> { Child(spec, "defaultBackend"), Child(spec, "backend") };
        backends.AddRange(Items(Child(spec, "rules")).SelectMany(r => Items(Path(r, "http", "paths"))).Select(p => Child(p, "backend")));
        return backends.Select(b => Text(Path(b, "service", "name")) ?? Text(Child(b, "serviceName"))).OfType<string>();
    }

    private ImportedFiles Build()
    {
        if (_templates.Count == 0) throw new UsageException("import: no Deployment, StatefulSet, DaemonSet, ReplicaSet or Pod in the files");
        var names = UniqueNames();
        var hosts = new Dictionary<string, string>(StringComparer.Ordinal);
        var exposed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var service in _services)
        {
            if (service.Type == "ExternalName")
            {
                _notes.Add($"Service {service.Name} ({service.Where}) is an ExternalName: outside the cluster, not simulated");
                continue;
            }
            var selected = _templates.Where(t => t.Namespace == service.Namespace && service.Selector.Count > 0 && service.Selector.All(s => t.Labels.GetValueOrDefault(s.Key) == s.Value)).ToList();
            if (selected.Count == 0)
            {
                throw new UsageException($"{service.Where}: Service {service.Name} selects no workload of the files{(service.Selector.Count == 0 ? " (it has no selector)" : $" ({string.Join(", ", service.Selector.Select(s => $"{s.Key}={s.Value}"))})")}");
            }
            hosts.TryAdd(service.Name, names[selected[0]]);
            if (selected.Count > 1) _notes.Add($"Service {service.Name} selects {selected.Count} workloads; taken as {names[selected[0]]}");
            if (service.Type is "LoadBalancer" or "NodePort" || _ingressBackends.Contains((service.Namespace, service.Name))) exposed.Add(names[selected[0]]);
        }
        if (_skipped.Count > 0) _notes.Add($"left out (not on the request path): {string.Join(", ", _skipped.OrderBy(s => s.Key).Select(s => $"{s.Value} {s.Key}"))}");
        return new ImportedFiles([.. _templates.Select(t => Workload(t, names[t]))], hosts, exposed, _notes);
    }

    /// <summary>Workload names, with the namespace added where two namespaces use one name.</summary>
    private Dictionary<Template, string> UniqueNames()
    {
        var clash = _templates.GroupBy(t => t.Name).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet();
        return _templates.ToDictionary(t => t, t => clash.Contains(t.Name) ? $"{t.Name}-{t.Namespace}" : t.Name);
    }

    private Workload Workload(Template template, string name)
    {
        var spec = Child(template.Pod, "spec");
        var containers = Items(Child(spec, "containers")).ToList();
        var references = new List<Reference>();
        foreach (var container in containers)
        {
            var where = At(template.Where.Split(':')[0], container);
            foreach (var (key, value) in Environment(container, template.Namespace)) references.AddRange(HostReferences.InVariable(key, value, where));
            references.AddRange(HostReferences.InArguments(Items(Child(container, "command")).Concat(Items(Child(container, "args"))).Select(Text).OfType<string>(), where));
        }
        var image = containers.Select(c => Text(Child(c, "image"))).OfType<string>().FirstOrDefault() ?? "";
        var workload = new Workload(name, template.Replicas, image, template.Kind, template.Where, references);
        if (template.Kind == "DaemonSet") workload.Notes.Add("a DaemonSet: one instance in each zone");
        ReadPlacement(spec, workload);
        return workload;
    }

    /// <summary>A container's environment: its values, values from ConfigMaps of the files, and whole ConfigMaps (envFrom).</summary>
    private IEnumerable<(string Name, string Value)> Environment(YamlNode container, string ns)
    {
        foreach (var variable in Items(Child(container, "env")))
        {
            var name = Text(Child(variable, "name")) ?? "";
            if (Text(Child(variable, "value")) is { } value) yield return (name, value);
            else if (Path(variable, "valueFrom", "configMapKeyRef") is { } reference
                && _configMaps.TryGetValue((ns, Text(Child(reference, "name")) ?? ""), out var map) && map.TryGetValue(Text(Child(reference, "key")) ?? "", out var fromMap))
            {
                yield return (name, fromMap);
            }
        }
        foreach (var source in Items(Child(container, "envFrom")))
        {
            if (_configMaps.TryGetValue((ns, Text(Path(source, "configMapRef", "name")) ?? ""), out var map))
            {
                foreach (var (key, value) in map) yield return (key, value);
            }
        }
    }

    /// <summary>Zone spreading and zone affinity, read and reported: json_arch spreads every service over its region's zones.</summary>
    private static void ReadPlacement(YamlNode? spec, Workload workload)
    {
        if (Items(Child(spec, "topologySpreadConstraints")).Any(c => Text(Child(c, "topologyKey")) == "topology.kubernetes.io/zone"))
        {
            workload.Notes.Add("spread over zones (topologySpreadConstraints), as Asgard spreads instances");
        }
        var zones = Items(Path(spec, "affinity", "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms"))
            .SelectMany(t => Items(Child(t, "matchExpressions")))
            .Where(e => Text(Child(e, "key")) is "topology.kubernetes.io/zone" or "failure-domain.beta.kubernetes.io/zone")
            .SelectMany(e => Items(Child(e, "values")).Select(Text)).OfType<string>().ToList();
        if (zones.Count > 0) workload.Notes.Add($"pinned to zones {string.Join(", ", zones)}; the architecture spreads it over the region's three zones");
    }
}
