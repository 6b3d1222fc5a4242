namespace Spigo.Grains.Services;

/// <summary>
/// A tiny seeded random source (SplitMix64) that lives inside a grain: 8 bytes instead of a Random object,
/// which matters at 100,000 activations, and repeatable for a given seed.
/// </summary>
internal struct Dice(ulong seed)
{
    private ulong _state = seed;

    public int Next(int maxExclusive)
    {
        _state += 0x9E3779B97F4A7C15UL;
        var z = _state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return (int)((z >> 33) % (ulong)maxExclusive);
    }

    /// <summary>A stable seed from a name (FNV-1a), so a pirate's choices do not depend on the process.</summary>
    public static ulong SeedFrom(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in text)
        {
            hash ^= c;
            hash *= 1099511628211UL;
        }
        return hash;
    }
}
