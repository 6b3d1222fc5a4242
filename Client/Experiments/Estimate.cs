using MathNet.Numerics.Distributions;

namespace Spigo.Client.Experiments;

/// <summary>A figure over the seeds of an arm: their mean and its 95% confidence interval (Student's t; none from one seed).</summary>
public sealed record Estimate(double Mean, double? Low, double? High, IReadOnlyList<double> Values)
{
    public static Estimate? Of(IReadOnlyList<double> values)
    {
        if (values.Count == 0) return null;
        var mean = values.Average();
        if (values.Count < 2) return new Estimate(mean, null, null, values);
        var sd = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
        var half = StudentT.InvCDF(0, 1, values.Count - 1, 0.975) * sd / Math.Sqrt(values.Count);
        return new Estimate(mean, mean - half, mean + half, values);
    }

    /// <summary>The estimate as people read it: 99.2% [98.9%, 99.5%].</summary>
    public string Format(Figure figure) => Low is { } low && High is { } high
        ? $"{figure.Format(Mean)} [{figure.Format(Math.Max(0, low))}, {figure.Format(high)}]" : figure.Format(Mean);
}
