using Spigo.Gotocol;
using Spigo.Names;

namespace Spigo.Grains.Services;

/// <summary>
/// What a service knows of its dependencies: the services it depends on (NameDrop without a listener), the Eureka
/// registries it registers with and asks (Inform "eureka", "lookup"), each dependency's instances as Eureka named them
/// (NameDrop with a listener), and the choice of one: at random, in its own zone when asked and possible.
/// </summary>
/// <remarks>Choices draw from the nanoservice's dice (<paramref name="roll"/>), so a seeded run makes the same ones.</remarks>
internal sealed class DependencyDirectory(Func<int, int> roll)
{
    private readonly Dictionary<string, KnownInstances> _instances = new(StringComparer.Ordinal);
    private readonly List<string> _wanted = [];
    private string _region = "";
    private string _zone = "";

    /// <summary>The services depended on, in the order they were named.</summary>
    public IReadOnlyList<string> Wanted => _wanted;

    /// <summary>The registries this node registers with (and deregisters from when it leaves).</summary>
    public List<IGotocolListener> Registries { get; } = [];

    /// <summary>The registries this node asks for its dependencies' instances.</summary>
    public List<IGotocolListener> Lookups { get; } = [];

    /// <summary>Where this node is: instances in the same region and zone are its local ones.</summary>
    public void Place(NanoName me) => (_region, _zone) = (me.Region, me.Zone);

    public void Want(string service)
    {
        if (!_wanted.Contains(service)) _wanted.Add(service);
    }

    /// <summary>An instance Eureka named; false when its service is not depended on or it was known already.</summary>
    public bool Learn(NanoName name, string fullName, IGotocolListener listener)
    {
        if (!_wanted.Contains(name.Service)) return false;
        if (!_instances.TryGetValue(name.Service, out var known)) _instances[name.Service] = known = new KnownInstances(_region, _zone);
        return known.Add(new DependencyInstance(name, fullName, listener));
    }

    /// <summary>Forgets an instance that left; true when it was known.</summary>
    public bool Forget(NanoName name, string fullName) => _instances.TryGetValue(name.Service, out var known) && known.Remove(fullName);

    public IReadOnlyList<DependencyInstance> InstancesOf(string service) => _instances.TryGetValue(service, out var known) ? known.All : [];

    /// <summary>A random dependency service that has at least one known instance.</summary>
    public string? ChooseService()
    {
        var start = _wanted.Count == 0 ? 0 : roll(_wanted.Count);
        for (var k = 0; k < _wanted.Count; k++)
        {
            var service = _wanted[(start + k) % _wanted.Count];
            if (InstancesOf(service).Count > 0) return service;
        }
        return null;
    }

    /// <summary>A random instance of the service: one in this zone when <paramref name="inZone"/> and there is one.</summary>
    public DependencyInstance? ChooseInstance(string service, bool inZone)
    {
        if (!_instances.TryGetValue(service, out var known) || known.All.Count == 0) return null;
        if (inZone && known.Local.Count > 0) return known.Local[roll(known.Local.Count)];
        return known.All[roll(known.All.Count)];
    }

    /// <summary>
    /// Ribbon's choice: an instance not <paramref name="shunned"/> (nor <paramref name="avoid"/>), in the zone when asked
    /// and possible; when every one is, any.
    /// </summary>
    public DependencyInstance? ChooseInstance(string service, bool inZone, Func<string, bool> shunned, string? avoid)
    {
        if (!_instances.TryGetValue(service, out var known) || known.All.Count == 0) return null;
        foreach (var list in inZone && known.Local.Count > 0 ? new[] { known.Local, known.All } : [known.All])
        {
            var start = roll(list.Count);
            for (var k = 0; k < list.Count; k++)
            {
                var candidate = list[(start + k) % list.Count];
                if (candidate.FullName != avoid && !shunned(candidate.FullName)) return candidate;
            }
        }
        return ChooseInstance(service, inZone);
    }
}
