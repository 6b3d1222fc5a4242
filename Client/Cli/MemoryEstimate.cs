using System.Globalization;
using Spigo.Client.Architectures;

namespace Spigo.Client.Cli;

/// <summary>
/// A run that cannot fit in this machine's memory is refused before anything starts, with the estimate, rather
/// than swapping or being killed an hour in. Per-nanoservice figures are peak RSS of embedded Release runs, rounded
/// up: fsm -p 1000000 --no-chat 4.4 GB (4.1 KB a pirate); a service of 100,000 karyon instances 1.49 GB (12 KB a node).
/// </summary>
public static class MemoryEstimate
{
    private const long BaseBytes = 300L << 20;
    private const long PirateBytes = 5L << 10;
    private const long ServiceNodeBytes = 16L << 10;

    /// <summary>Nanoservices an architecture makes at a scale and a number of regions, worked out without making them.</summary>
    public static long Nodes(ArchitectureDefinition definition, int scalePercent, int regions)
    {
        long total = 0;
        foreach (var s in definition.Services)
        {
            if (s.Regions == 0)
            {
                total++;
                continue;
            }
            var count = Math.Max(1, (long)s.Count * scalePercent / 100);
            total += count * Math.Min((long)s.Regions * regions, Names.Geography.Regions.Count);
        }
        return total;
    }

    /// <summary>Throws a <see cref="UsageException"/> when an embedded run of this size would not fit.</summary>
    public static void Check(string flag, long pirates, long serviceNodes, bool embedded)
    {
        var needed = BaseBytes + pirates * PirateBytes + serviceNodes * ServiceNodeBytes;
        var available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        if (!embedded || needed <= available) return;
        var what = pirates > 0 ? $"{pirates:N0} pirates" : $"{serviceNodes:N0} nanoservices";
        throw new UsageException(string.Create(CultureInfo.InvariantCulture,
            $"{flag}: {what} need about {Gigabytes(needed)} of memory and this machine has {Gigabytes(available)}; run fewer, or on a cluster (--cluster)"));
    }

    private static string Gigabytes(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 30):0.#} GB");
}
