using System.CommandLine;

namespace Spigo.Client.Import;

/// <summary><c>spigo import k8s|compose FILE…</c>: deployment files in, a json_arch architecture out.</summary>
public sealed class ImportCommand
{
    private readonly Argument<string> _format = new("format")
    { Description = "traces (OTLP JSON, Zipkin JSON, Jaeger JSON, spigo's flow files), k8s (Kubernetes manifests, helm template output) or compose (a Compose file)" };
    private readonly Argument<string[]> _files = new("files") { Description = "Files, or directories of .yaml, .yml and .json files (k8s)", Arity = ArgumentArity.OneOrMore };
    private readonly Option<string?> _out = new("-o", "--out") { Description = "Write the architecture here (default: standard output)", HelpName = "arch.json" };
    private readonly Option<string?> _name = new("--name") { Description = "The architecture's name (default: the output file's, else \"imported\")", HelpName = "arch" };
    private readonly Option<string[]> _depends = new("--depends") { Description = "Add dependencies the files do not say: SERVICE=DEP,DEP (repeatable)", HelpName = "service=deps" };
    private readonly Option<string?> _report = new("--report") { Description = "traces: also write what was inferred, from how many spans, as JSON" , HelpName = "file" };
    private readonly Option<string[]> _entry = new("--entry") { Description = "Where the traffic enters, when no load generator or load balancer says (repeatable)", HelpName = "service" };

    public Command Command { get; }

    public ImportCommand()
    {
        Command = new Command("import", Description) { _format, _files, _out, _name, _depends, _entry, _report };
        Command.Options.Add(new System.CommandLine.Help.HelpOption());
    }

    private const string Description = """
        Import an architecture from what a team already has, as a json_arch file that runs as it is. From traces:
        services and the dependencies requests cross, instances, each service's own time fitted (log-normal), the
        root request rate as the load. From Kubernetes manifests or Compose files: services and replicas, datastores
        as storage, a load generator as the traffic source, and dependencies from environment variables and
        arguments that name another service (*_ADDR, *_HOST, *_URL, host:port, http://…), depends_on and links.
        What names nothing known is listed on stderr; add it with --depends. Nothing the files name is run, and no
        connection is opened.

        Examples:
          spigo import traces otlp-traces.jsonl --report fit.json -o shop.json
          spigo import k8s release/kubernetes-manifests.yaml -o boutique.json
          spigo import k8s manifests/ --depends frontend=cart,catalogue -o shop.json
          spigo import compose docker-compose.yml --depends front-end=catalogue,carts,orders,user -o socks.json
          spigo -a boutique.json -p 300 -d 30 --chaos gorilla:us-east-1.zoneA@10s+10s --verify
        """;

    public ImportArguments Bind(ParseResult parse) => new(parse.GetValue(_format)!, parse.GetValue(_files) ?? [], parse.GetValue(_out), parse.GetValue(_name),
        parse.GetValue(_depends) ?? [], parse.GetValue(_entry) ?? [], parse.GetValue(_report));
}
