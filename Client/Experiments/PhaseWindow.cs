using Spigo.Client.Architectures;

namespace Spigo.Client.Experiments;

/// <summary>
/// A phase of a run as a span of whole seconds of traffic [From, To): before the first fault, during each, after
/// each ends. Worked out from the faults' times, so the control arm (which has no faults) is cut at the same seconds.
/// </summary>
public sealed record PhaseWindow(string Name, int From, int To, bool AfterFault = false)
{
    /// <summary>The phases faults open in a run of <paramref name="duration"/> seconds, as the traffic meter names them.</summary>
    public static IReadOnlyList<PhaseWindow> Of(IReadOnlyList<Fault> faults, int duration)
    {
        var changes = faults.Select(f => (At: Second(f.At), Name: f.Name, After: false))
            .Concat(faults.Where(f => f.For is not null).Select(f => (At: Second(f.At + f.For!.Value), Name: Phase.AfterPrefix + f.Name, After: true)))
            .Where(c => c.At < duration).OrderBy(c => c.At).ToList();
        var windows = new List<PhaseWindow>();
        var (from, name, after) = (0, "before", false);
        foreach (var change in changes)
        {
            if (change.At > from) windows.Add(new PhaseWindow(name, from, change.At, after));
            (from, name, after) = (change.At, change.Name, change.After);
        }
        if (duration > from) windows.Add(new PhaseWindow(name, from, duration, after));
        return windows;
    }

    /// <summary>Every phase name a run with these faults can have.</summary>
    public static IEnumerable<string> Names(IReadOnlyList<Fault> faults) =>
        Before.Concat(faults.SelectMany(f => f.For is null ? new[] { f.Name } : [f.Name, Phase.AfterPrefix + f.Name])).Distinct();

    private static readonly string[] Before = ["before"];

    private static int Second(TimeSpan at) => (int)Math.Round(at.TotalSeconds);
}
