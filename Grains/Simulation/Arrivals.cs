using Spigo.Load;

namespace Spigo.Grains.Simulation;

/// <summary>
/// Open-loop arrivals that follow a <see cref="RateCurve"/>, or a share of it: the time of each arrival, Poisson
/// (independent arrivals, as many users' requests are: exponential gaps at the rate in force) or evenly spaced
/// (fixed). Drawn from seeded random numbers, so a seed repeats its arrivals. Shares of a Poisson stream add up to the
/// whole: N roots each offered 1/N make the same process as one offered all.
/// </summary>
public sealed class Arrivals
{
    private readonly RateCurve _curve;
    private readonly bool _poisson;
    private readonly Random _rng;
    private readonly double _share;

    /// <summary>When the next arrival is due, in seconds into the traffic.</summary>
    private double _next;

    /// <summary>
    /// Arrivals at <paramref name="share"/> of the curve's rate from <paramref name="from"/> seconds into the traffic;
    /// <paramref name="stagger"/>, for evenly spaced shares, is where in its first gap this share begins (0 to 1), so
    /// that N shares make one evenly spaced stream rather than bursts of N.
    /// </summary>
    public Arrivals(RateCurve curve, bool poisson, Random rng, double share = 1, double stagger = 0, double from = 0)
    {
        (_curve, _poisson, _rng, _share) = (curve, poisson, rng, share);
        var first = Gap(from);
        _next = from + (double.IsPositiveInfinity(first) ? 0 : first * (poisson ? 1 : stagger));
    }

    /// <summary>The times of the arrivals due before <paramref name="until"/> seconds into the traffic, in order.</summary>
    public void Until(double until, List<double> times)
    {
        while (_next < until)
        {
            var gap = Gap(_next);
            if (double.IsPositiveInfinity(gap))
            {
                // No rate here: look again a little later (a Poisson stream has no memory; a fixed one starts afresh).
                _next = Math.Min(until, _next + Idle);
                if (_next >= until) return;
                continue;
            }
            times.Add(_next);
            _next += gap;
        }
    }

    /// <summary>How far apart arrivals are at <paramref name="second"/>: one mean gap, or an exponential draw of one.</summary>
    private double Gap(double second)
    {
        var rate = _curve.RateAt(second) * _share;
        if (rate <= 0) return double.PositiveInfinity;
        return _poisson ? -Math.Log(1 - _rng.NextDouble()) / rate : 1 / rate;
    }

    /// <summary>How often a rate of 0 is looked at again for the schedule rising.</summary>
    private const double Idle = 0.01;
}
