using MathNet.Numerics.Distributions;

namespace Spigo.Client.Experiments;

/// <summary>
/// The Mann–Whitney U test of two samples (here the per-second figures of two arms): whether one tends to be larger,
/// without assuming a distribution — latencies are skewed and far from normal. Two-sided p-value from the normal
/// approximation with the tie correction and a continuity correction, sound from about ten samples each.
/// </summary>
public static class MannWhitney
{
    /// <summary>The p-value that samples this different come from one distribution; null when either is empty or all are tied.</summary>
    public static double? PValue(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        if (a.Count == 0 || b.Count == 0) return null;
        var all = a.Select(v => (Value: v, First: true)).Concat(b.Select(v => (Value: v, First: false))).OrderBy(x => x.Value).ToList();
        var ranks = new double[all.Count];
        double ties = 0;
        for (var i = 0; i < all.Count;)
        {
            var j = i;
            while (j + 1 < all.Count && all[j + 1].Value == all[i].Value) j++;
            for (var k = i; k <= j; k++) ranks[k] = (i + j) / 2.0 + 1;
            double t = j - i + 1;
            ties += t * t * t - t;
            i = j + 1;
        }
        double n1 = a.Count, n2 = b.Count, n = n1 + n2;
        var u = all.Select((x, i) => x.First ? ranks[i] : 0).Sum() - n1 * (n1 + 1) / 2;
        var variance = n1 * n2 / 12 * (n + 1 - ties / (n * (n - 1)));
        if (variance <= 0) return null;
        var z = (Math.Abs(u - n1 * n2 / 2) - 0.5) / Math.Sqrt(variance);
        return Math.Min(1, 2 * (1 - Normal.CDF(0, 1, Math.Max(0, z))));
    }
}
