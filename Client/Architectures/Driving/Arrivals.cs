namespace Spigo.Client.Architectures;

/// <summary>
/// Open-loop arrivals that follow a <see cref="LoadSchedule"/>: how many requests arrive in each slice of time,
/// Poisson (independent arrivals, as many users' requests are) or evenly spaced (fixed). Drawn from the run's seeded
/// random numbers, so a seed repeats its arrivals.
/// </summary>
public sealed class Arrivals(LoadSchedule schedule, bool poisson, Random rng)
{
    /// <summary>The arrivals a fixed schedule owes but has not sent (a fraction of one, carried to the next slice).</summary>
    private double _owed;

    /// <summary>The requests that arrive between <paramref name="from"/> and <paramref name="to"/> seconds into the traffic.</summary>
    public int Between(double from, double to)
    {
        if (to <= from) return 0;
        var expected = (schedule.RateAt(from) + schedule.RateAt(to)) / 2 * (to - from);
        if (!poisson)
        {
            _owed += expected;
            var whole = (int)Math.Floor(_owed);
            _owed -= whole;
            return whole;
        }
        return Poisson(expected);
    }

    /// <summary>A Poisson-distributed count with this mean: by multiplying uniforms when small, a normal approximation when large.</summary>
    private int Poisson(double mean)
    {
        if (mean <= 0) return 0;
        if (mean > 50)
        {
            var normal = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
            return Math.Max(0, (int)Math.Round(mean + Math.Sqrt(mean) * normal));
        }
        var limit = Math.Exp(-mean);
        var count = 0;
        for (var product = rng.NextDouble(); product > limit; product *= rng.NextDouble()) count++;
        return count;
    }
}
