using Spigo.Client.Architectures;

namespace Spigo.Client.Experiments;

/// <summary>
/// A phase of a run as a span of whole seconds of traffic [From, To): before the first fault, during each, after
/// each ends. Worked out from the faults' times, so the control arm (which has no faults) is cut at the same seconds.
/// Faults that begin (or end) in the same second share a phase, named after each: <see cref="Parts"/>.
/// </summary>
public sealed record PhaseWindow(string Name, int From, int To, bool AfterFault = false)
{
    public const string Before = "before";

    /// <summary>The names of the phases this one is, as the traffic meter names them: a check naming any of them means this.</summary>
    public IReadOnlyList<string> Parts { get; init; } = [Name];

    /// <summary>The phases faults open in a run of <paramref name="duration"/> seconds.</summary>
    public static IReadOnlyList<PhaseWindow> Of(IReadOnlyList<Fault> faults, int duration)
    {
        var changes = faults.Select(f => (At: Second(f.At), Name: f.Name, After: false))
            .Concat(faults.Where(f => f.For is not null).Select(f => (At: Second(f.At + f.For!.Value), Name: Phase.AfterPrefix + f.Name, After: true)))
            .Where(c => c.At < duration).GroupBy(c => c.At).OrderBy(g => g.Key).ToList();
        var windows = new List<PhaseWindow>();
        var current = new PhaseWindow(Before, 0, duration);
        foreach (var change in changes)
        {
            if (change.Key > current.From) windows.Add(current with { To = change.Key });
            // A fault that begins as another ends: the phase is the fault's, not the one after.
            var parts = change.OrderBy(c => c.After ? 1 : 0).Select(c => c.Name).Distinct().ToList();
            current = new PhaseWindow(string.Join(" + ", parts), change.Key, duration, change.All(c => c.After)) { Parts = parts };
        }
        if (duration > current.From) windows.Add(current with { To = duration });
        return windows;
    }

    private static int Second(TimeSpan at) => (int)Math.Round(at.TotalSeconds);
}
