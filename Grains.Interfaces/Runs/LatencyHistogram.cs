namespace Spigo.Runs;

/// <summary>
/// A lock-free log-scale histogram of latencies from 100 ns to about 100 s in 2% steps, good enough for the
/// percentiles of the -c file without keeping every sample.
/// </summary>
public sealed class LatencyHistogram
{
    private const double Smallest = 1e-7;
    private static readonly double Step = Math.Log(1.02);
    private readonly long[] _buckets = new long[1100];

    /// <summary>
    /// The samples recorded, added up when asked: a running count would be one more interlocked increment on one cache
    /// line that every nanoservice of a series, on every core, writes with each sample.
    /// </summary>
    public long Count
    {
        get
        {
            long count = 0;
            for (var i = 0; i < _buckets.Length; i++) count += Interlocked.Read(ref _buckets[i]);
            return count;
        }
    }

    /// <summary>Adds arrays of bucket counts element by element (a shorter one counts zero where it ends).</summary>
    public static long[] Sum(IEnumerable<long[]> arrays)
    {
        var all = arrays.ToList();
        return [.. Enumerable.Range(0, all.Count == 0 ? 0 : all.Max(a => a.Length)).Select(i => all.Sum(a => i < a.Length ? a[i] : 0))];
    }

    public void Record(double seconds)
    {
        var index = seconds <= Smallest ? 0 : (int)Math.Min(_buckets.Length - 1, Math.Ceiling(Math.Log(seconds / Smallest) / Step));
        Interlocked.Increment(ref _buckets[index]);
    }

    /// <summary>A copy of the bucket counts, for adding up histograms of several processes.</summary>
    public long[] Buckets() => [.. _buckets.Select((_, i) => Interlocked.Read(ref _buckets[i]))];

    /// <summary>The bucket counts up to the last one used: what a share sends over the wire.</summary>
    public long[] UsedBuckets() => UpToLastUsed(Buckets());

    private static long[] UpToLastUsed(long[] buckets) => buckets[..(Array.FindLastIndex(buckets, b => b != 0) + 1)];

    /// <summary>Bucket counts less earlier ones of the same histogram (what was recorded in between), up to the last used.</summary>
    public static long[] Minus(long[] now, long[] before) => UpToLastUsed([.. now.Select((n, i) => n - (i < before.Length ? before[i] : 0))]);

    /// <summary>Adds the bucket counts of another histogram (a shorter or longer array adds what both have).</summary>
    public void Add(long[] buckets)
    {
        for (var i = 0; i < Math.Min(buckets.Length, _buckets.Length); i++) Interlocked.Add(ref _buckets[i], buckets[i]);
    }

    /// <summary>The smallest bucket bound below which at least <paramref name="percent"/>% of the samples fall.</summary>
    public double Percentile(double percent)
    {
        var total = Count;
        if (total == 0) return 0;
        var wanted = (long)Math.Ceiling(percent / 100 * total);
        long seen = 0;
        for (var i = 0; i < _buckets.Length; i++)
        {
            seen += Interlocked.Read(ref _buckets[i]);
            if (seen >= wanted) return Smallest * Math.Exp(i * Step);
        }
        return Smallest * Math.Exp((_buckets.Length - 1) * Step);
    }
}
