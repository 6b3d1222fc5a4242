using System.CommandLine;
using Spigo.Client.Cli;

namespace Spigo.Client.Experiments;

/// <summary><c>spigo experiment FILE</c>'s own flags; any other flag is a normal run's, over the file's.</summary>
public sealed class ExperimentCommand
{
    private readonly Argument<string> _file = new("file") { Description = "The experiment: a YAML (or JSON) file" };
    private readonly Option<string> _out = new("-o", "--out") { Description = "Directory for the report (FILE.report.html and FILE.report.json)", DefaultValueFactory = _ => ".", HelpName = "dir" };
    private readonly Option<string?> _junit = new("--junit") { Description = "Also write the verdict as JUnit XML, each check a test case", HelpName = "file" };
    private readonly Option<int> _parallel = Flag.Number("--parallel", null, "Runs going on at once (each on its own nanoservices)", 1, 1, 64, "n");
    private readonly Option<bool> _yes = new("--yes") { Description = $"Run even more than {ExperimentPlan.MaxRunsUnasked} runs" };
    private readonly Option<int> _seed = Flag.Number("--seed", null, "The first seed (over the file's \"seed\")", null, int.MinValue, int.MaxValue, "n");
    private readonly Option<int> _repeat = Flag.Number("--repeat", null, "Seeds per arm (over the file's \"repeat\")", null, 1, 1000, "n");
    private readonly Option<string?> _cluster = new("--cluster") { Description = "Run on the cluster whose membership is in this Redis", HelpName = "redis://host:port" };
    private readonly Option<string?> _gateway = new("--gateway") { Description = "Run on the cluster reached through these gateways", HelpName = "host:port,..." };
    private readonly Option<string> _clusterId = new("--cluster-id") { Description = "With --cluster/--gateway: the Orleans cluster id", DefaultValueFactory = _ => "spigo", HelpName = "id" };
    private readonly Option<string> _serviceId = new("--service-id") { Description = "With --cluster/--gateway: the Orleans service id", DefaultValueFactory = _ => "spigo", HelpName = "id" };

    public Command Command { get; }

    public ExperimentCommand()
    {
        Command = new Command("experiment", Description) { _file, _out, _junit, _parallel, _yes, _seed, _repeat, _cluster, _gateway, _clusterId, _serviceId };
        Command.Options.Add(new System.CommandLine.Help.HelpOption());
        Command.TreatUnmatchedTokensAsErrors = false;
    }

    private const string Description = """
        Run an experiment: the architecture and load, the method (faults, policies), a hypothesis checked per phase over
        several seeds, a control arm without the method, a sweep of parameters; write a report and exit 0 when the
        hypothesis holds, 1 when it breaks or a run aborts, 2 for a bad file. Any flag of a normal run given after the
        file replaces the file's.

        Examples:
          spigo experiment experiments/zone-outage.yaml                  judge it; write ./zone-outage.report.html
          spigo experiment experiments/retry-sweep.yaml --parallel 2 -o out --junit out/junit.xml
          spigo experiment experiments/zone-outage.yaml -d 60 --repeat 5 a longer run, five seeds per arm
        """;

    private Hosting.ClusterTarget? Cluster(ParseResult parse)
    {
        var (clusterId, serviceId) = (parse.GetValue(_clusterId)!, parse.GetValue(_serviceId)!);
        return (parse.GetValue(_cluster), parse.GetValue(_gateway)) switch
        {
            ({ } c, { }) => throw new UsageException($"--cluster {c}: give either --cluster or --gateway, not both"),
            ({ } c, null) => Hosting.ClusterTarget.FromRedisUrl(c, clusterId, serviceId),
            (null, { } g) => Hosting.ClusterTarget.FromGateways(g, clusterId, serviceId),
            _ => null,
        };
    }

    public ExperimentArguments Bind(ParseResult parse)
    {
        var file = parse.GetValue(_file)!;
        return new ExperimentArguments(file, parse.GetValue(_out)!, parse.GetValue(_junit), parse.GetValue(_parallel), parse.GetValue(_yes),
            parse.GetResult(_seed) is { Implicit: false } ? parse.GetValue(_seed) : null,
            parse.GetResult(_repeat) is { Implicit: false } ? parse.GetValue(_repeat) : null,
            Cluster(parse),
            [.. parse.UnmatchedTokens]);
    }
}
