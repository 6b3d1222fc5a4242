namespace Spigo.Names;

/// <summary>
/// spigo's world: the regions -w takes in order, and the three availability zones of each region. Asgard names
/// nanoservices with them; zone placement maps each region-zone onto silos with the same order.
/// </summary>
public static class Geography
{
    public static readonly IReadOnlyList<string> Regions = ["us-east-1", "us-west-2", "eu-west-1", "eu-east-1", "ap-south-1", "ap-south-2"];
    public static readonly IReadOnlyList<string> Zones = ["zoneA", "zoneB", "zoneC"];

    /// <summary>
    /// The position of a region-zone in the world (us-east-1 zoneA is 0, its zoneC 2, us-west-2 zoneA 3, …); a region
    /// or zone of a file's own naming gets a stable position of its own. False for <c>*</c> (not in one zone).
    /// </summary>
    public static bool TryZoneOrdinal(ReadOnlySpan<char> region, ReadOnlySpan<char> zone, out int ordinal)
    {
        ordinal = 0;
        if (region.SequenceEqual(NanoName.Any) || zone.SequenceEqual(NanoName.Any)) return false;
        var r = IndexOrHash(Regions, region);
        var z = IndexOrHash(Zones, zone);
        ordinal = r * Zones.Count + z;
        return true;
    }

    private static int IndexOrHash(IReadOnlyList<string> known, ReadOnlySpan<char> name)
    {
        for (var i = 0; i < known.Count; i++)
        {
            if (name.SequenceEqual(known[i])) return i;
        }
        // FNV-1a: stable across processes (string.GetHashCode is randomised per process).
        var hash = 2166136261u;
        foreach (var c in name) hash = (hash ^ c) * 16777619u;
        return known.Count + (int)(hash % 1024);
    }
}
