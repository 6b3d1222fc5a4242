using System.Globalization;

namespace Spigo.Gotocol;

/// <summary>
/// How long a service takes over a request before it answers or passes it on, as a distribution:
/// <c>fixed:2ms</c> (or just <c>2ms</c>), <c>uniform:1ms:3ms</c>, <c>exp:2ms</c> (exponential, that mean) and
/// <c>lognormal:2ms:0.5</c> (log-normal, that median and sigma). Written the same way in a json_arch "latency" field,
/// in --service-time and in the Inform that hands it to a nanoservice. Every draw is at most <see cref="Max"/>.
/// </summary>
public readonly record struct ServiceTime
{
    /// <summary>The longest a draw can be: a request held longer is held in memory, and a file must not make that unbounded.</summary>
    public static readonly TimeSpan Max = TimeSpan.FromSeconds(60);

    private const double MaxSigma = 4;

    private ServiceTime(string kind, TimeSpan first, TimeSpan second, double sigma)
    {
        Kind = kind;
        First = first;
        Second = second;
        Sigma = sigma;
    }

    /// <summary>fixed, uniform, exp or lognormal.</summary>
    public string Kind { get; }

    /// <summary>The fixed time, the lower bound, the mean or the median.</summary>
    public TimeSpan First { get; }

    /// <summary>The upper bound of a uniform distribution.</summary>
    public TimeSpan Second { get; }

    /// <summary>The sigma of a log-normal distribution.</summary>
    public double Sigma { get; }

    public static bool TryParse(string? text, out ServiceTime value, out string error)
    {
        value = default;
        var parts = (text ?? "").Split(':');
        var kind = parts.Length == 1 ? "fixed" : parts[0];
        var args = parts.Length == 1 ? parts : parts[1..];
        (int Count, string Form) expected = kind switch
        {
            "fixed" or "exp" => (1, $"{kind}:<duration>"),
            "uniform" => (2, "uniform:<low>:<high>"),
            "lognormal" => (2, "lognormal:<median>:<sigma>"),
            _ => (0, ""),
        };
        if (expected.Count == 0)
        {
            error = $"\"{text}\" is not a service time: expected fixed:2ms, uniform:1ms:3ms, exp:2ms or lognormal:2ms:0.5";
            return false;
        }
        if (args.Length != expected.Count)
        {
            error = $"\"{text}\" is not a service time: expected {expected.Form}";
            return false;
        }
        if (!Duration(args[0], text!, out var first, out error)) return false;
        var second = TimeSpan.Zero;
        double sigma = 0;
        if (kind == "uniform")
        {
            if (!Duration(args[1], text!, out second, out error)) return false;
            if (second < first)
            {
                error = $"\"{text}\": the upper bound {args[1]} is below the lower bound {args[0]}";
                return false;
            }
        }
        if (kind == "lognormal" && (!PlainNumber.TryParse(args[1], out sigma) || sigma > MaxSigma))
        {
            error = $"\"{text}\": sigma \"{args[1]}\" must be a number from 0 to {MaxSigma}";
            return false;
        }
        value = new ServiceTime(kind, first, second, sigma);
        error = "";
        return true;
    }

    private static bool Duration(string part, string text, out TimeSpan value, out string error)
    {
        if (!GoDuration.TryParse(part, out value) || value < TimeSpan.Zero)
        {
            error = $"\"{text}\": \"{part}\" is not a duration (e.g. 2ms, 150us, 1.5s)";
            return false;
        }
        if (value > Max)
        {
            error = $"\"{text}\": {part} is longer than {GoDuration.Format(Max)}";
            return false;
        }
        error = "";
        return true;
    }

    /// <summary>One draw, given a source of uniform numbers in [0, 1).</summary>
    public TimeSpan Sample(Func<double> uniform)
    {
        ArgumentNullException.ThrowIfNull(uniform);
        var seconds = Kind switch
        {
            "uniform" => First.TotalSeconds + (Second - First).TotalSeconds * uniform(),
            "exp" => -First.TotalSeconds * Math.Log(1 - uniform()),
            "lognormal" => First.TotalSeconds * Math.Exp(Sigma * Normal(uniform)),
            _ => First.TotalSeconds,
        };
        return seconds >= Max.TotalSeconds ? Max : TimeSpan.FromSeconds(seconds);
    }

    /// <summary>A standard normal draw (Box–Muller).</summary>
    private static double Normal(Func<double> uniform) => Math.Sqrt(-2 * Math.Log(1 - uniform())) * Math.Cos(2 * Math.PI * uniform());

    /// <summary>The form it is parsed from, e.g. <c>exp:2ms</c>.</summary>
    public override string ToString() => Kind switch
    {
        "uniform" => $"uniform:{GoDuration.Format(First)}:{GoDuration.Format(Second)}",
        "lognormal" => $"lognormal:{GoDuration.Format(First)}:{Sigma.ToString(CultureInfo.InvariantCulture)}",
        _ => $"{Kind}:{GoDuration.Format(First)}",
    };
}
