using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Orleans.Runtime.GrainDirectory;

namespace Spigo.Grains.Placement;

/// <summary>
/// The embedded silo's grain-address cache: a plain dictionary. Orleans looks every message's target up in this cache
/// before sending it; its default cache is an LRU with a time to live, which keeps stale addresses of other silos from
/// living forever and costs a clock read, queue moves and hit counters on every lookup (a tenth of the CPU of a
/// full-speed netflixoss run). With one silo an address cannot go stale elsewhere, so entries stay until Orleans removes
/// them; past <paramref name="capacity"/> the cache starts again empty (a miss only sends the message through placement).
/// </summary>
public sealed class EmbeddedDirectoryCache(int capacity) : IGrainDirectoryCache
{
    private readonly ConcurrentDictionary<GrainId, (GrainAddress Address, int Version)> _entries = new();

    /// <summary>Entries added less those removed; ConcurrentDictionary's own Count takes every lock.</summary>
    private int _count;

    public void AddOrUpdate(GrainAddress value, int version)
    {
        if (_entries.TryAdd(value.GrainId, (value, version)))
        {
            if (Interlocked.Increment(ref _count) > capacity) Clear();
            return;
        }
        _entries[value.GrainId] = (value, version);
    }

    public bool Remove(GrainId key)
    {
        if (!_entries.TryRemove(key, out _)) return false;
        Interlocked.Decrement(ref _count);
        return true;
    }

    /// <summary>Removes the entry only while it still names the same grain on the same silo.</summary>
    public bool Remove(GrainAddress key)
    {
        if (!_entries.TryGetValue(key.GrainId, out var entry) || !Equals(entry.Address.SiloAddress, key.SiloAddress)
            || !_entries.TryRemove(new KeyValuePair<GrainId, (GrainAddress, int)>(key.GrainId, entry)))
        {
            return false;
        }
        Interlocked.Decrement(ref _count);
        return true;
    }

    public void Clear()
    {
        _entries.Clear();
        Interlocked.Exchange(ref _count, 0);
    }

    public bool LookUp(GrainId key, [NotNullWhen(true)] out GrainAddress? result, out int version)
    {
        if (_entries.TryGetValue(key, out var entry))
        {
            (result, version) = entry;
            return true;
        }
        result = null;
        version = 0;
        return false;
    }

    public IEnumerable<(GrainAddress ActivationAddress, int Version)> KeyValues => _entries.Select(e => e.Value);
}
