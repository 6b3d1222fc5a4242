namespace Spigo.Load;

/// <summary>
/// An offered rate over time: requests a second at points in time (seconds into the traffic), linear between them,
/// the first rate before the first point and the last after the last. What a --load schedule says, sent to the silos
/// whose load generators follow it.
/// </summary>
[GenerateSerializer, Immutable, Alias("spigo.RateCurve")]
public sealed record RateCurve([property: Id(0)] double[] Seconds, [property: Id(1)] double[] Rates)
{
    /// <summary>The highest rate of the curve.</summary>
    public double Peak => Rates.Max();

    /// <summary>The offered rate (requests a second) at <paramref name="second"/> into the traffic.</summary>
    public double RateAt(double second)
    {
        if (second <= Seconds[0]) return Rates[0];
        for (var i = 1; i < Seconds.Length; i++)
        {
            if (second > Seconds[i]) continue;
            var (s0, r0, s1, r1) = (Seconds[i - 1], Rates[i - 1], Seconds[i], Rates[i]);
            return s1 == s0 ? r1 : r0 + (r1 - r0) * (second - s0) / (s1 - s0);
        }
        return Rates[^1];
    }
}
