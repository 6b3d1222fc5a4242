using Spigo.Names;

namespace Spigo.Grains.Services;

/// <summary>
/// The known instances of one dependency service, with those in the knower's own zone kept apart for zone-local
/// routing. Learning and forgetting an instance are O(1) (an index beside each list, removal by swapping in the
/// last one), so a service of 100,000 instances is learned in linear time.
/// </summary>
internal sealed class KnownInstances(string region, string zone)
{
    private readonly IndexedList _all = new();
    private readonly IndexedList _local = new();

    public IReadOnlyList<DependencyInstance> All => _all.Items;

    /// <summary>The instances in the knower's own region and zone.</summary>
    public IReadOnlyList<DependencyInstance> Local => _local.Items;

    /// <summary>False when the instance was already known.</summary>
    public bool Add(DependencyInstance instance)
    {
        if (!_all.Add(instance)) return false;
        if (IsLocal(instance.Name)) _local.Add(instance);
        return true;
    }

    /// <summary>False when the instance was not known.</summary>
    public bool Remove(string fullName)
    {
        if (!_all.Remove(fullName)) return false;
        _local.Remove(fullName);
        return true;
    }

    private bool IsLocal(NanoName name) => name.Zone == zone && name.Region == region;

    private sealed class IndexedList
    {
        private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);

        public List<DependencyInstance> Items { get; } = [];

        public bool Add(DependencyInstance instance)
        {
            if (!_index.TryAdd(instance.FullName, Items.Count)) return false;
            Items.Add(instance);
            return true;
        }

        public bool Remove(string fullName)
        {
            if (!_index.Remove(fullName, out var at)) return false;
            var last = Items[^1];
            Items[at] = last;
            Items.RemoveAt(Items.Count - 1);
            if (at < Items.Count) _index[last.FullName] = at;
            return true;
        }
    }
}
