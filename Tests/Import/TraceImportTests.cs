using System.Text.Json;
using Spigo.Tests.Cli;

namespace Spigo.Tests.Import;

/// <summary>spigo import traces: the Zipkin and Jaeger projects' own fixtures, OTLP JSON, a round trip of a run's flow spans, bad traces.</summary>
public sealed class TraceImportTests
{
    private static string Sample(string name) => Path.Combine(AppContext.BaseDirectory, "import-samples", name);

    private static async Task<(CliRunner.Outcome Outcome, JsonElement Arch, JsonElement Report)> Import(params string[] files)
    {
        var dir = TempDir.Create();
        var outcome = await CliRunner.Run(["import", "traces", .. files, "-o", Path.Combine(dir, "arch.json"), "--report", Path.Combine(dir, "report.json")]);
        Assert.True(outcome.ExitCode == 0, outcome.Err);
        using var arch = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "arch.json")));
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "report.json")));
        return (outcome, arch.RootElement.Clone(), report.RootElement.Clone());
    }

    private static Dictionary<string, JsonElement> ByName(JsonElement arch) =>
        arch.GetProperty("services").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!);

    private static string Deps(JsonElement service) =>
        $"{service.GetProperty("package").GetString()}: {string.Join(",", service.GetProperty("dependencies").EnumerateArray().Select(d => d.GetString()).Order())}";

    [Fact]
    public async Task ZipkinsYelpTraceGivesItsServicesTheDatastoresItCallsAndRuns()
    {
        var (outcome, arch, report) = await Import(Sample("zipkin-yelp.json"));
        var services = ByName(arch);
        // The memcache, mysql and blt calls are client spans to datastores the trace does not include.
        Assert.Equal("cache: ", Deps(services["memcache"]));
        Assert.Equal("store: ", Deps(services["mysql"]));
        Assert.Equal("store: ", Deps(services["blt"]));
        Assert.Equal("staash: memcache,mysql", Deps(services["yelp-main"]));
        Assert.Equal("karyon: blt,memcache,spectre", Deps(services["mobile_api"]));
        Assert.Equal("denominator: routing-elb", Deps(services["www"]));
        Assert.Equal("elb: routing", Deps(services["routing-elb"]));
        Assert.Equal(16, report.GetProperty("files")[0].GetProperty("spans").GetInt32());
        var edge = report.GetProperty("dependencies").EnumerateArray().Single(e => e.GetProperty("from").GetString() == "mobile_api" && e.GetProperty("to").GetString() == "memcache");
        Assert.Equal((2, 2.0), (edge.GetProperty("calls").GetInt32(), edge.GetProperty("calls_per_request").GetDouble()));
        Assert.Contains("three instances assumed", outcome.Err, StringComparison.Ordinal);

        var dir = TempDir.Create();
        var file = Path.Combine(dir, "yelp.json");
        File.WriteAllText(file, arch.GetRawText());
        var run = await CliRunner.Run("-a", file, "-d", "2", "--seed", "1", "-o", dir);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("0 failed", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AChildOutsideItsParentIsCountedAsClockSkewNotTimed()
    {
        var (outcome, _, report) = await Import(Sample("zipkin-skew.json"));
        Assert.Equal(1, report.GetProperty("spans_skewed").GetInt32());
        Assert.Contains("1 not timed (a child outside its parent: clock skew)", outcome.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JaegersFixtureAsOtlpJsonAndAsJaegerJsonGiveOneArchitecture()
    {
        var (otlpOut, otlp, otlpReport) = await Import(Sample("otlp-otlp2jaeger-in.json"));
        var (_, jaeger, jaegerReport) = await Import(Sample("jaeger-otlp2jaeger-out.json"));
        Assert.Equal(ByName(otlp).Values.Select(s => s.GetRawText()), ByName(jaeger).Values.Select(s => s.GetRawText()));
        Assert.Equal("fixed:123us", ByName(otlp)["telemetrygen"].GetProperty("latency").GetString());
        // Their parent is not in the file: they are counted, and taken as requests from outside.
        Assert.Equal((2, 2), (otlpReport.GetProperty("spans_without_parent").GetInt32(), jaegerReport.GetProperty("spans_without_parent").GetInt32()));
        Assert.Contains("of them 2 whose parent the traces lack", otlpOut.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARunsFlowSpansImportBackToTheArchitectureThatRan()
    {
        var dir = TempDir.Create();
        var ran = await CliRunner.Run("-a", "netflixoss", "-d", "4", "--rate", "5ms", "-c", "--metrics-port", "0", "--seed", "5", "-o", dir,
            "--service-time", "homepage=lognormal:20ms:0.3", "--service-time", "login=fixed:20ms", "--service-time", "subscriber=lognormal:20ms:0.3");
        Assert.Equal(0, ran.ExitCode);
        var (_, arch, report) = await Import(Path.Combine(dir, "netflixoss_flow.json"));
        var services = ByName(arch);
        // The same services with their packages and dependencies (the Cassandra ring's own Eureka included), and every instance.
        Assert.Equal("priamCassandra: cassSubscriber,eureka", Deps(services["cassSubscriber"]));
        Assert.Equal("store: ", Deps(services["evcacheSubscriber"]));
        Assert.Equal("staash: cassSubscriber,evcacheSubscriber", Deps(services["subscriber"]));
        Assert.Equal("karyon: subscriber", Deps(services["login"]));
        Assert.Equal("karyon: subscriber", Deps(services["homepage"]));
        Assert.Equal("zuul: homepage,login", Deps(services["wwwproxy"]));
        Assert.Equal("elb: wwwproxy", Deps(services["www-elb"]));
        Assert.Equal("denominator: www-elb", Deps(services["www"]));
        Assert.Equal(8, services.Count);
        Assert.Equal([6, 3, 6, 18, 24, 6], new[] { "cassSubscriber", "evcacheSubscriber", "subscriber", "login", "homepage", "wwwproxy" }.Select(s => services[s].GetProperty("count").GetInt32()));
        // Each service's median own time within 10% of what the run was given.
        foreach (var (service, given) in new[] { ("homepage", 0.020), ("login", 0.020), ("subscriber", 0.020) })
        {
            var fitted = report.GetProperty("services").EnumerateArray().Single(s => s.GetProperty("service").GetString() == service);
            Assert.InRange(fitted.GetProperty("median_seconds").GetDouble(), given * 0.9, given * 1.1);
        }
        Assert.StartsWith("fixed:", services["login"].GetProperty("latency").GetString());
        Assert.StartsWith("lognormal:", services["homepage"].GetProperty("latency").GetString());
        Assert.InRange(double.Parse(services["homepage"].GetProperty("latency").GetString()!.Split(':')[2], System.Globalization.CultureInfo.InvariantCulture), 0.2, 0.4);
    }

    [Theory]
    [InlineData("[{\"traceId\": \"1\", \"id\": \"a\", \"localEndpoint\": {\"serviceName\": \"x\"}, \"timestamp\": 1, ", "malformed JSON")]
    [InlineData("{\"hello\": \"world\"}", "1:1: not traces: expected OTLP JSON (resourceSpans), Zipkin JSON (a list of spans) or Jaeger JSON")]
    [InlineData("[{\"traceId\": \"1\", \"id\": \"a\", \"parentId\": \"b\", \"localEndpoint\": {\"serviceName\": \"x\"}, \"timestamp\": 1, \"duration\": 5},"
        + "{\"traceId\": \"1\", \"id\": \"b\", \"parentId\": \"a\", \"localEndpoint\": {\"serviceName\": \"y\"}, \"timestamp\": 1, \"duration\": 5}]", "trace 1: spans a → b → a are each other's parents; traces are trees")]
    [InlineData("[{\"traceId\": \"1\", \"id\": \"a\"}]", "no span with a service, an id and a time (1 unreadable)")]
    public async Task TracesThatCannotBeReadAreOneLine(string text, string says)
    {
        var dir = TempDir.Create();
        var file = Path.Combine(dir, "t.json");
        File.WriteAllText(file, text);
        var outcome = await CliRunner.Run("import", "traces", file, "-o", Path.Combine(dir, "arch.json"));
        Assert.Equal(2, outcome.ExitCode);
        Assert.DoesNotContain('\n', outcome.Err.TrimEnd());
        Assert.StartsWith($"spigo import: {file}", outcome.Err, StringComparison.Ordinal);
        Assert.Contains(says, outcome.Err, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(dir, "arch.json")));
    }
}
