using System.Globalization;
using Spigo.Gotocol;

namespace Spigo.Client.Import;

/// <summary>
/// A service's own time per request, fitted to the project's service-time distributions: a log-normal by maximum
/// likelihood (the median e^μ and σ of the logarithms), or <c>fixed</c> when the times hardly vary (σ under 0.05).
/// <see cref="Distance"/> is the Kolmogorov–Smirnov distance between the samples and the fit: under about 0.05 the fit
/// follows the data closely; above 0.2 the times are not log-normal and the figure is a rough summary.
/// </summary>
public sealed record ServiceTimeFit(string Latency, double MedianSeconds, double Sigma, double Distance, int Samples)
{
    /// <summary>Below this σ the times are taken as constant.</summary>
    public const double FixedBelow = 0.05;

    /// <summary>The fit of positive times in seconds; null with fewer than two.</summary>
    public static ServiceTimeFit? Of(IReadOnlyList<double> seconds)
    {
        var positive = seconds.Where(s => s > 0).Order().ToArray();
        if (positive.Length < 2) return null;
        var logs = positive.Select(x => Math.Log(x)).ToArray();
        var mu = logs.Average();
        var sigma = Math.Sqrt(logs.Sum(l => (l - mu) * (l - mu)) / logs.Length);
        var median = Math.Exp(mu);
        // Identical times fit a fixed time exactly.
        var distance = sigma < 1e-12 ? 0 : positive.Select((x, i) =>
        {
            var fitted = MathNet.Numerics.Distributions.LogNormal.CDF(mu, sigma, x);
            return Math.Max(Math.Abs(fitted - (double)i / positive.Length), Math.Abs(fitted - (double)(i + 1) / positive.Length));
        }).Max();
        var time = TimeSpan.FromTicks(Math.Max(1, (long)Math.Round(median * TimeSpan.TicksPerSecond)));
        var latency = sigma < FixedBelow ? $"fixed:{GoDuration.Format(time)}" : $"lognormal:{GoDuration.Format(time)}:{sigma.ToString("0.###", CultureInfo.InvariantCulture)}";
        return new ServiceTimeFit(latency, median, sigma, distance, positive.Length);
    }
}
