using System.CommandLine;
using System.Globalization;
using Spigo.Client.Cli;
using YamlDotNet.RepresentationModel;

namespace Spigo.Client.Experiments;

/// <summary>
/// Reads an experiment file (YAML, or JSON, which YAML reads too): its structure and every value's form. Whether the
/// flags make a run and the checks name what the run has is for the experiment's plan; every mistake found
/// here or there is one line with the file, line and column.
/// </summary>
public sealed class ExperimentReader
{
    /// <summary>Files larger than this are not experiments: they are refused before being parsed.</summary>
    public const long MaxBytes = 1 << 20;

    private static readonly string[] TopKeys = ["title", "description", "run", "method", "hypothesis", "abort", "control", "seed", "repeat", "sweep", "grid"];
    private static readonly string[] CheckKeys = ["name", "figure", "service", "at-least", "at-most", "in", "within"];
    private static readonly string[] AbortKeys = ["figure", "above", "below", "for"];
    private static readonly string[] Bounds = ["at-least", "at-most"];
    private static readonly string[] Sides = ["above", "below"];

    /// <summary>Flags of a normal run that an experiment sets itself or that write what its report replaces.</summary>
    private static readonly Dictionary<string, string> NotInExperiments = new(StringComparer.Ordinal)
    {
        ["seed"] = "the file's \"seed\" and \"repeat\" give each run its seed",
        ["out"] = "spigo experiment -o says where the report goes",
        ["graphml"] = "an experiment writes its report, not graphs",
        ["graphjson"] = "an experiment writes its report, not graphs",
        ["collect"] = "an experiment writes its report, with every figure, in its .report.json",
        ["messages"] = "an experiment's runs do not log every message",
        ["reload"] = "an experiment runs an architecture by name or json_arch file",
        ["cpuprofile"] = "profile a normal run",
        ["ui"] = "watch a normal run",
        ["ui-port"] = "watch a normal run",
        ["metrics-port"] = "an experiment serves no /metrics",
        ["otlp"] = "an experiment exports no spans",
        ["cluster"] = "spigo experiment --cluster runs it on a cluster",
        ["gateway"] = "spigo experiment --cluster runs it on a cluster",
        ["cluster-id"] = "spigo experiment --cluster runs it on a cluster",
        ["service-id"] = "spigo experiment --cluster runs it on a cluster",
        ["connect-timeout"] = "spigo experiment --cluster runs it on a cluster",
    };

    /// <summary>Why a flag of a normal run is not set in an experiment, or null when it may be.</summary>
    public static string? Refusal(string name) => NotInExperiments.GetValueOrDefault(name);

    private readonly string _file;
    private readonly Dictionary<string, Option> _flags;

    private ExperimentReader(string file)
    {
        _file = file;
        _flags = new SpigoCommand().Root.Options.Where(o => LongName(o) is not null).ToDictionary(o => LongName(o)!, StringComparer.Ordinal);
    }

    /// <summary>A flag's long name without its dashes (<c>-a, --arch</c>: arch), as an experiment file writes it.</summary>
    public static string? LongName(Option option) =>
        new[] { option.Name }.Concat(option.Aliases).FirstOrDefault(n => n.StartsWith("--", StringComparison.Ordinal))?[2..];

    /// <summary>The long names of the flags an experiment file may set under <c>run</c> and <c>method</c>.</summary>
    public static IEnumerable<string> FlagNames => new ExperimentReader("").Settable;

    private IEnumerable<string> Settable => _flags.Keys.Where(k => !NotInExperiments.ContainsKey(k) && k is not ("help" or "version"));

    public static Experiment Read(string file)
    {
        if (Directory.Exists(file)) throw new UsageException($"{file}: is a directory, not an experiment file");
        if (!System.IO.File.Exists(file)) throw new UsageException($"{file}: file not found");
        if (new FileInfo(file).Length > MaxBytes) throw new UsageException($"{file}: larger than {MaxBytes >> 10} KiB; not an experiment file");
        return new ExperimentReader(file).Parse(System.IO.File.ReadAllText(file));
    }

    /// <summary>Reads an experiment from text, named <paramref name="file"/> in messages.</summary>
    public static Experiment Parse(string file, string text) => new ExperimentReader(file).Parse(text);

    private Experiment Parse(string text)
    {
        var stream = Output.YamlText.Load(text, _file);
        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw Fail(new Mark(1, 1), "expected one mapping of title, run, method, hypothesis, ... (see docs/experiments.md)");
        }
        var experiment = new Experiment { File = _file, Text = text };
        foreach (var (keyNode, value) in root.Children)
        {
            var key = Key(keyNode, TopKeys, "an experiment");
            experiment = key switch
            {
                "title" => experiment with { Title = Scalar(value, key) },
                "description" => experiment with { Description = Scalar(value, key) },
                "run" => experiment with { Run = Flags(value, key) },
                "method" => experiment with { Method = Flags(value, key) },
                "hypothesis" => experiment with { Hypothesis = [.. Items(value).Select(Check)] },
                "abort" => experiment with { Abort = [.. Items(value).Select(Abort)] },
                "control" => experiment with { Control = Boolean(value, key) },
                "seed" => experiment with { Seed = Integer(value, key, int.MinValue, int.MaxValue) },
                "repeat" => experiment with { Repeat = Integer(value, key, 1, 1000) },
                "sweep" => experiment with { Sweep = Sweep(value) },
                _ => experiment,
            };
        }
        if (root.Children.FirstOrDefault(c => c.Key is YamlScalarNode { Value: "grid" }) is { Value: not null } grid)
        {
            var name = Scalar(grid.Value, "grid");
            experiment = experiment with
            {
                Grid = experiment.Hypothesis.FirstOrDefault(c => c.Name == name)
                    ?? throw Fail(At(grid.Value), $"grid: no check of the hypothesis is called \"{name}\"{Nearest.Suggest(name, experiment.Hypothesis.Select(c => c.Name))}"),
            };
        }
        if (experiment.Hypothesis.Count == 0) throw Fail(At(root), "no hypothesis: give at least one check (e.g. hypothesis: [{figure: answered-share, at-least: 99%}])");
        return experiment with { Grid = experiment.Grid ?? experiment.Hypothesis[0] };
    }

    private List<FileFlag> Flags(YamlNode node, string section)
    {
        if (node is not YamlMappingNode mapping) throw Fail(At(node), $"{section}: expected a mapping of flags to values, e.g. {{duration: 30, chaos: [\"gorilla:us-east-1.zoneA@10s+10s\"]}}");
        var flags = new List<FileFlag>();
        foreach (var (keyNode, value) in mapping.Children)
        {
            var name = Key(keyNode, Settable, $"{section} (a flag of spigo, without its dashes)", NotInExperiments);
            var option = _flags[name];
            var isSwitch = option.ValueType == typeof(bool);
            if (isSwitch || value is YamlScalarNode { Value: "true" or "false" } && option.Arity.MinimumNumberOfValues == 0)
            {
                if (Boolean(value, $"{section}.{name}")) flags.Add(new FileFlag(name, [], At(keyNode)));
                continue;
            }
            var values = value is YamlSequenceNode list ? [.. list.Children.Select(v => Scalar(v, $"{section}.{name}"))] : new List<string> { Scalar(value, $"{section}.{name}") };
            if (values.Count > 1 && option.ValueType != typeof(string[])) throw Fail(At(value), $"{section}.{name}: takes one value, not a list");
            flags.Add(new FileFlag(name, values, At(keyNode)));
        }
        return flags;
    }

    private HypothesisCheck Check(YamlNode node)
    {
        var fields = Fields(node, CheckKeys, "a check", "figure");
        var figure = FigureOf(fields["figure"]);
        var bounds = Bounds.Where(fields.ContainsKey).ToList();
        if (bounds.Count != 1) throw Fail(At(node), "a check needs one bound: at-least or at-most");
        var threshold = Threshold(figure, fields[bounds[0]], bounds[0]);
        string? service = fields.TryGetValue("service", out var s) ? Scalar(s, "service") : null;
        if (figure.OfService && service is null) throw Fail(At(fields["figure"]), $"{figure.Name} is a figure of one service's workers: name the service (service: homepage)");
        if (!figure.OfService && service is not null) throw Fail(At(s!), $"service: {figure.Name} is measured end to end; the figures of one service are {string.Join(", ", Figure.All.Where(f => f.OfService).Select(f => f.Name))}");
        var scope = Scope(fields, figure);
        var check = new HypothesisCheck("", figure, service, bounds[0] == "at-least", threshold, scope, At(node));
        return check with { Name = fields.TryGetValue("name", out var name) ? Scalar(name, "name") : check.Statement };
    }

    private CheckScope Scope(Dictionary<string, YamlNode> fields, Figure figure)
    {
        var scope = CheckScope.EveryPhase;
        if (fields.TryGetValue("in", out var where))
        {
            scope = where switch
            {
                YamlScalarNode { Value: "all" } => CheckScope.EveryPhase,
                YamlScalarNode { Value: "run" } => CheckScope.WholeRun,
                YamlScalarNode { Value: "after-faults" } => new CheckScope(CheckScopeKind.AfterFaults, [], TimeSpan.Zero),
                YamlSequenceNode list => new CheckScope(CheckScopeKind.Named, [.. list.Children.Select(p => Scalar(p, "in"))], TimeSpan.Zero),
                YamlScalarNode => new CheckScope(CheckScopeKind.Named, [Scalar(where, "in")], TimeSpan.Zero),
                _ => throw Fail(At(where), "in: expected all, run, after-faults, or a list of phase names"),
            };
        }
        if (fields.TryGetValue("within", out var within))
        {
            if (scope.Kind != CheckScopeKind.AfterFaults) throw Fail(At(within), "within: only with in: after-faults (how long after each fault ends the check starts)");
            scope = scope with { Within = Duration(within, "within") };
        }
        if (figure.OfService && scope.Kind != CheckScopeKind.WholeRun && fields.ContainsKey("in"))
        {
            throw Fail(At(where!), $"in: {figure.Name} of a service is measured over the whole run; leave \"in\" out or write in: run");
        }
        return figure.OfService ? CheckScope.WholeRun : scope;
    }

    private AbortCondition Abort(YamlNode node)
    {
        var fields = Fields(node, AbortKeys, "an abort condition", "figure");
        var figure = FigureOf(fields["figure"]);
        if (figure.OfService) throw Fail(At(fields["figure"]), $"{figure.Name}: an abort condition watches an end-to-end figure ({string.Join(", ", Figure.All.Where(f => !f.OfService).Select(f => f.Name))})");
        var sides = Sides.Where(fields.ContainsKey).ToList();
        if (sides.Count != 1) throw Fail(At(node), "an abort condition needs one of above or below");
        var span = fields.TryGetValue("for", out var f) ? Duration(f, "for") : TimeSpan.FromSeconds(1);
        if (span < TimeSpan.FromSeconds(1) || span > TimeSpan.FromHours(1)) throw Fail(At(f!), "for: between 1s and 1h");
        return new AbortCondition(figure, sides[0] == "above", Threshold(figure, fields[sides[0]], sides[0]), span, At(node));
    }

    private List<SweepParameter> Sweep(YamlNode node)
    {
        if (node is not YamlMappingNode mapping) throw Fail(At(node), "sweep: expected a mapping of parameter names to lists of values, e.g. {retries: [0, 1, 2]}");
        var parameters = new List<SweepParameter>();
        foreach (var (keyNode, value) in mapping.Children)
        {
            var name = Scalar(keyNode, "sweep");
            if (name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')) throw Fail(At(keyNode), $"sweep: \"{name}\" is not a parameter name (letters, digits, - and _)");
            if (value is not YamlSequenceNode { Children.Count: > 0 } list) throw Fail(At(value), $"sweep.{name}: expected a list of values, e.g. [0, 1, 2]");
            var values = list.Children.Select(v => Scalar(v, $"sweep.{name}")).ToList();
            if (values.Distinct().Count() != values.Count) throw Fail(At(value), $"sweep.{name}: a value is given twice");
            parameters.Add(new SweepParameter(name, values, At(keyNode)));
        }
        return parameters;
    }

    private Figure FigureOf(YamlNode node)
    {
        var name = Scalar(node, "figure");
        return Figure.Find(name) ?? throw Fail(At(node), $"figure: no figure \"{name}\"{Nearest.Suggest(name, Figure.All.Select(f => f.Name))} (figures: {string.Join(", ", Figure.All.Select(f => f.Name))})");
    }

    private double Threshold(Figure figure, YamlNode node, string key) =>
        figure.TryParseThreshold(Scalar(node, key), out var value, out var error) ? value : throw Fail(At(node), $"{key}: {error}");

    private TimeSpan Duration(YamlNode node, string key) =>
        Gotocol.GoDuration.TryParse(Scalar(node, key), out var value) && value >= TimeSpan.Zero ? value : throw Fail(At(node), $"{key}: \"{Scalar(node, key)}\" is not a duration (e.g. 5s)");

    /// <summary>A mapping's fields by key, every key known, the required one present.</summary>
    private Dictionary<string, YamlNode> Fields(YamlNode node, string[] keys, string what, string required)
    {
        if (node is not YamlMappingNode mapping) throw Fail(At(node), $"{what}: expected a mapping of {string.Join(", ", keys)}");
        var fields = mapping.Children.ToDictionary(c => Key(c.Key, keys, what), c => c.Value, StringComparer.Ordinal);
        return fields.ContainsKey(required) ? fields : throw Fail(At(node), $"{what} needs a {required}");
    }

    private static IEnumerable<YamlNode> Items(YamlNode node) => node is YamlSequenceNode list ? list.Children : [node];

    private string Key(YamlNode node, IEnumerable<string> known, string where, Dictionary<string, string>? refused = null)
    {
        var key = Scalar(node, where);
        if (refused is not null && refused.TryGetValue(key, out var why)) throw Fail(At(node), $"{key}: not in an experiment file: {why}");
        var keys = known.ToList();
        return keys.Contains(key) ? key : throw Fail(At(node), $"unknown key \"{key}\" in {where}{Nearest.Suggest(key, keys)}");
    }

    private string Scalar(YamlNode node, string key) => node is YamlScalarNode { Value: { } value } ? value : throw Fail(At(node), $"{key}: expected a single value");

    private bool Boolean(YamlNode node, string key) => Scalar(node, key) switch
    {
        "true" => true,
        "false" => false,
        var other => throw Fail(At(node), $"{key}: \"{other}\" is not true or false"),
    };

    private int Integer(YamlNode node, string key, int min, int max) =>
        int.TryParse(Scalar(node, key), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value : throw Fail(At(node), $"{key}: \"{Scalar(node, key)}\" is not a whole number from {min} to {max}");

    private static Mark At(YamlNode node) => At(node.Start);

    private static Mark At(YamlDotNet.Core.Mark mark) => new((int)Math.Max(1, mark.Line), (int)Math.Max(1, mark.Column));

    public UsageException Fail(Mark at, string message) => new($"{_file}:{at}: {message}");
}
