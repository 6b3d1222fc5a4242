using System.Text.RegularExpressions;
using Spigo.Client.Architectures;
using Spigo.Client.Cli;

namespace Spigo.Client.Experiments;

/// <summary>
/// Every run of an experiment worked out before any starts: each sweep point's flags (the file's, with the command
/// line's over them) parsed and checked as a normal run's are, and the hypothesis checked against what the runs
/// have — services, capacities, phases. A mistake is one line naming the file, line and column; nothing runs.
/// </summary>
public static partial class ExperimentPlan
{
    /// <summary>More runs than this need --yes: a sweep multiplies quickly.</summary>
    public const int MaxRunsUnasked = 1000;

    /// <summary>An experiment's runs keep each second's response times: each lasts at most this long.</summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromHours(1);

    [GeneratedRegex(@"\$\{([^}]*)\}")]
    private static partial Regex Placeholder();

    public static IReadOnlyList<ExperimentRun> Create(Experiment experiment, IReadOnlyList<string> overrides, bool yes)
    {
        var fail = (Mark at, string message) => new UsageException($"{experiment.File}:{at}: {message}");
        CheckPlaceholders(experiment, fail);
        if (experiment.Runs > MaxRunsUnasked && !yes)
        {
            throw fail(experiment.Sweep.Count > 0 ? experiment.Sweep[0].At : new Mark(1, 1), $"{experiment.Runs} runs ({experiment.Points.Count} sweep points × {experiment.Arms.Count()} arms × {experiment.Repeat} seeds); more than {MaxRunsUnasked} need --yes");
        }
        var overridden = Overridden(overrides);
        var runs = new List<ExperimentRun>();
        // Seed by seed, the arms side by side: run two at a time, a seed's control and experiment share the machine's moment.
        foreach (var point in experiment.Points)
        {
            foreach (var seed in experiment.Seeds)
            {
                foreach (var arm in experiment.Arms)
                {
                    var flags = experiment.Run.Concat(arm == ExperimentRun.ExperimentArm ? experiment.Method : []).Select(f => Beside(experiment, f.With(point))).ToList();
                    var (options, plan) = Checked(experiment, flags, overrides, overridden, seed, runs.Count, fail);
                    var faults = plan.Architecture!.Definition.Chaos ?? [];
                    runs.Add(new ExperimentRun(runs.Count, point, arm, seed, options, plan,
                        PhaseWindow.Of([.. faults, .. options.Faults], (int)options.Duration.TotalSeconds)));
                }
            }
        }
        // The control arm is cut into the experiment arm's phases: the same seconds, compared.
        runs = [.. runs.Select(r => r.Arm == ExperimentRun.ControlArm
            ? r with { Phases = runs.First(e => e.Arm == ExperimentRun.ExperimentArm && ReferenceEquals(e.Point, r.Point)).Phases } : r)];
        foreach (var check in experiment.Hypothesis) CheckAgainstRuns(check, runs.Where(r => r.Arm == ExperimentRun.ExperimentArm).ToList(), fail);
        return runs;
    }

    /// <summary>Flags that name files (the architecture, a load's CSV): a relative path is the experiment file's neighbour when there is one.</summary>
    private static FileFlag Beside(Experiment experiment, FileFlag flag)
    {
        if (flag.Name is not ("arch" or "load") || flag.Values.Count != 1 || Path.IsPathRooted(flag.Values[0])) return flag;
        var beside = Path.Combine(Path.GetDirectoryName(experiment.File) ?? "", flag.Values[0]);
        return System.IO.File.Exists(beside) ? flag with { Values = [beside] } : flag;
    }

    /// <summary>Every <c>${name}</c> a flag holds is a sweep parameter, and every sweep parameter is used.</summary>
    private static void CheckPlaceholders(Experiment experiment, Func<Mark, string, UsageException> fail)
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var flag in experiment.Run.Concat(experiment.Method))
        {
            foreach (Match m in flag.Values.SelectMany(v => Placeholder().Matches(v)))
            {
                var name = m.Groups[1].Value;
                if (experiment.Sweep.All(p => p.Name != name))
                {
                    throw fail(flag.At, $"{flag.Name}: ${{{name}}} is not a parameter of the sweep{Nearest.Suggest(name, experiment.Sweep.Select(p => p.Name))}");
                }
                used.Add(name);
            }
        }
        if (experiment.Sweep.FirstOrDefault(p => !used.Contains(p.Name)) is { } unused)
        {
            throw fail(unused.At, $"sweep: {unused.Name} is not a parameter: no flag of run or method says ${{{unused.Name}}}");
        }
    }

    /// <summary>The long names of the flags the command line gives (they replace the file's).</summary>
    private static HashSet<string> Overridden(IReadOnlyList<string> overrides)
    {
        if (overrides.Count == 0) return [];
        var command = new SpigoCommand();
        var parse = command.Parse(overrides);
        if (parse.Errors.Count > 0) throw new UsageException($"experiment: {Spigo.CommandLine.OneLine.Of(parse.Errors[0].Message)}");
        var given = command.Root.Options.Where(o => parse.GetResult(o) is { Implicit: false }).Select(o => ExperimentReader.LongName(o) ?? o.Name.TrimStart('-')).ToHashSet(StringComparer.Ordinal);
        if (given.FirstOrDefault(n => ExperimentReader.Refusal(n) is not null) is { } refused)
        {
            throw new UsageException($"experiment: --{refused}: not in an experiment: {ExperimentReader.Refusal(refused)}");
        }
        return given;
    }

    /// <summary>One run's flags parsed and planned as a normal run's; a mistake points at the flag of the file it came from.</summary>
    private static (SpigoOptions, SimulationPlan) Checked(Experiment experiment, List<FileFlag> flags, IReadOnlyList<string> overrides,
        HashSet<string> overridden, int seed, int index, Func<Mark, string, UsageException> fail)
    {
        var kept = flags.Where(f => !overridden.Contains(f.Name)).ToList();
        string[] args = [.. kept.SelectMany(f => f.Arguments), .. overrides];
        var command = new SpigoCommand();
        try
        {
            var parse = command.Parse(args);
            if (parse.Errors.Count > 0) throw new UsageException(parse.Errors[0].Message);
            var options = command.Bind(parse, args);
            if (options.Arch == "fsm") throw new UsageException("--arch fsm: pirates serve no requests; an experiment needs an architecture with traffic");
            if (options.Duration <= TimeSpan.Zero || options.Duration > MaxDuration) throw new UsageException($"--duration {options.Duration.TotalSeconds}: an experiment's run lasts from 1 s to {MaxDuration.TotalSeconds:0} s");
            var name = ArchitectureCatalog.Exists(options.Arch) ? ArchitectureCatalog.Load(options.Arch, options.Step).Arch : options.Arch;
            options = options with
            {
                Seed = seed, SeedGiven = true, RunName = $"{name}-x{index + 1}", SecondLatencies = true, CommandLine = $"[spigo experiment {experiment.File}]",
                Abort = experiment.Abort.Count == 0 ? null : timeline => experiment.Abort.Select(a => a.Reason(timeline)).FirstOrDefault(r => r is not null),
            };
            return (options, SimulationPlan.Create(options));
        }
        catch (UsageException e) when (!overrides.Any(o => FlagOf(e.Message, [o]) is not null))
        {
            var flag = kept.Select(f => (Flag: f, Index: FlagOf(e.Message, [.. Names(command, f.Name)]))).Where(x => x.Index is not null).OrderBy(x => x.Index).FirstOrDefault().Flag;
            throw fail(flag?.At ?? kept.FirstOrDefault()?.At ?? new Mark(1, 1), Spigo.CommandLine.OneLine.Of(e.Message));
        }
    }

    private static IEnumerable<string> Names(SpigoCommand command, string name) =>
        command.Root.Options.FirstOrDefault(o => ExperimentReader.LongName(o) == name) is { } option ? [option.Name, .. option.Aliases] : ["--" + name];

    /// <summary>Where in a message one of the names appears as a flag (at its start, or quoted), if it does.</summary>
    private static int? FlagOf(string message, IEnumerable<string> names) =>
        names.Select(n => message.StartsWith(n + " ", StringComparison.Ordinal) || message.StartsWith(n + ":", StringComparison.Ordinal) ? 0
            : message.IndexOf($"'{n}'", StringComparison.Ordinal) is var i and >= 0 ? i : -1).Where(i => i >= 0).Select(i => (int?)i).Min();

    /// <summary>A check names what the runs have: a service (with a capacity, for its workers' figures) and phases their faults open.</summary>
    private static void CheckAgainstRuns(HypothesisCheck check, List<ExperimentRun> runs, Func<Mark, string, UsageException> fail)
    {
        var definition = runs[0].Plan.Architecture!.Definition;
        if (check.Service is { } service)
        {
            if (definition.Services.FirstOrDefault(s => s.Name == service) is not { } found)
            {
                throw fail(check.At, $"service: {definition.Arch[..definition.Arch.LastIndexOf("-x", StringComparison.Ordinal)]} has no service \"{service}\"{Nearest.Suggest(service, definition.Services.Select(s => s.Name))}");
            }
            if (found.Capacity is null) throw fail(check.At, $"{check.Figure.Name} of {service}: it has no capacity, so no workers to measure; give it one (capacity: [\"{service}=workers:4,queue:64\"])");
        }
        var phases = runs.SelectMany(r => r.Phases).SelectMany(p => p.Parts).Distinct().ToList();
        if (check.Scope.Kind == CheckScopeKind.Named && check.Scope.Phases.FirstOrDefault(p => !phases.Contains(p)) is { } missing)
        {
            throw fail(check.At, $"in: no fault opens a phase \"{missing}\"{Nearest.Suggest(missing, phases)} (phases: {string.Join(", ", phases)})");
        }
        if (check.Scope.Kind == CheckScopeKind.AfterFaults && !runs.Any(r => r.Phases.Any(p => p.AfterFault)))
        {
            throw fail(check.At, "in: after-faults, but no fault of the method ends within the run (give one a length: gorilla:us-east-1.zoneA@10s+10s)");
        }
    }
}
