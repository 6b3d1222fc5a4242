using System.Globalization;
using Spigo.Gotocol;

namespace Spigo.Client.Architectures;

/// <summary>
/// A target-tracking policy for one service, as an AWS auto-scaling group's: <c>target:60%,min:2,max:30,boot:20s,cooldown:30s</c>
/// keeps the service's time-averaged utilization in each zone near 60% with 2 to 30 instances per zone; an instance it
/// adds serves after <c>boot</c>; after an action in a zone, it removes none there for <c>cooldown</c>. <c>period</c>
/// (default 5s) is the window the utilization is averaged over and how often each zone is looked at. Written the same
/// way in a json_arch "autoscale" field and in --autoscale.
/// </summary>
public sealed record ScalingPolicy(double Target, int Min, int Max, TimeSpan Boot, TimeSpan Cooldown, TimeSpan Period)
{
    /// <summary>Bounds that keep a file from asking for unbounded work.</summary>
    public const int MaxInstances = 10_000;

    private static readonly TimeSpan LongestTime = TimeSpan.FromHours(1);

    private const string Example = "target:60%,min:2,max:30,boot:20s,cooldown:30s[,period:5s]";

    public static bool TryParse(string? text, out ScalingPolicy policy, out string error)
    {
        policy = null!;
        double? target = null;
        int? min = null, max = null;
        TimeSpan? boot = null, cooldown = null, period = null;
        foreach (var part in (text ?? "").Split(','))
        {
            var colon = part.IndexOf(':', StringComparison.Ordinal);
            var (name, value) = colon < 0 ? (part, "") : (part[..colon], part[(colon + 1)..]);
            switch (name)
            {
                case "target" when value.EndsWith('%') && PlainNumber.TryParse(value.AsSpan(0, value.Length - 1), out var percent) && percent > 0 && percent < 100:
                    target = percent / 100;
                    break;
                case "target":
                    return Fail($"target:{value}: must be a percentage above 0% and below 100%, e.g. target:60%", out error);
                case "min" when Whole(value, 0, out var m):
                    min = m;
                    break;
                case "max" when Whole(value, 1, out var m):
                    max = m;
                    break;
                case "min" or "max":
                    return Fail($"{name}:{value}: must be a whole number from {(name == "min" ? 0 : 1)} to {MaxInstances}", out error);
                case "boot" or "cooldown" or "period":
                    if (!GoDuration.TryParse(value, out var time) || time > LongestTime || time < TimeSpan.Zero
                        || (name != "cooldown" && time < TimeSpan.FromMilliseconds(100)))
                    {
                        return Fail($"{name}:{value}: must be a duration from {(name == "cooldown" ? "0s" : "100ms")} to 1h, e.g. {name}:{(name == "period" ? "5s" : "20s")}", out error);
                    }
                    if (name == "boot") boot = time;
                    else if (name == "cooldown") cooldown = time;
                    else period = time;
                    break;
                default:
                    return Fail($"\"{part}\" is not part of a scaling policy: expected {Example}", out error);
            }
        }
        if (target is null || min is null || max is null || boot is null)
        {
            return Fail($"\"{text}\" lacks {string.Join(", ", new[] { target is null ? "target" : null, min is null ? "min" : null, max is null ? "max" : null, boot is null ? "boot" : null }.OfType<string>())}: expected {Example}", out error);
        }
        if (min > max) return Fail($"min:{min} is more than max:{max}", out error);
        policy = new ScalingPolicy(target.Value, min.Value, max.Value, boot.Value, cooldown ?? TimeSpan.FromSeconds(30), period ?? TimeSpan.FromSeconds(5));
        error = "";
        return true;
    }

    /// <summary>
    /// Instances a zone needs to bring <paramref name="utilization"/> of <paramref name="instances"/> to the target (the
    /// target-tracking formula: capacity in proportion to load), within min and max.
    /// </summary>
    public int Desired(int instances, double utilization) =>
        Math.Clamp((int)Math.Ceiling(instances * utilization / Target - 1e-9), Min, Max);

    private static bool Whole(string text, int min, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= min && value <= MaxInstances;

    private static bool Fail(string message, out string error)
    {
        error = message;
        return false;
    }

    /// <summary>The form it is parsed from.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"target:{Target * 100:0.##}%,min:{Min},max:{Max},boot:{GoDuration.Format(Boot)},cooldown:{GoDuration.Format(Cooldown)},period:{GoDuration.Format(Period)}");
}
