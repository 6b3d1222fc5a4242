using Spigo.Gotocol;
using Spigo.Runs;
using Spigo.Tests.Cli;
using Spigo.Tests.Cluster;

namespace Spigo.Tests.Hardening;

/// <summary>Architectures that cannot terminate are refused; whatever gets through, no request loops.</summary>
[Collection(ClusterCollection.Name)]
public class LoopTests(ClusterFixture fixture)
{
    private static string Service(string name, string package, int count, params string[] dependencies) =>
        $$"""{ "name": "{{name}}", "package": "{{package}}", "count": {{count}}, "regions": {{(package == "denominator" ? 0 : 1)}}, "dependencies": [{{string.Join(", ", dependencies.Select(d => $"\"{d}\""))}}] }""";

    private static async Task<(CliRunner.Outcome Outcome, string File, string Dir)> Run(params string[] services)
    {
        var file = Path.Combine(TempDir.Create(), "loop.json");
        await File.WriteAllTextAsync(file, $$"""{ "arch": "loop", "services": [ {{string.Join(", ", services)}} ] }""");
        var dir = TempDir.Create();
        return (await CliRunner.Run("-a", file, "-d", "1", "-j", "-g", "-o", dir, "--seed", "1"), file, dir);
    }

    public static TheoryData<string[], string> Cycles => new()
    {
        { [Service("a", "zuul", 3, "b"), Service("b", "karyon", 3, "a"), Service("www", "denominator", 0, "a")], "services[0] \"a\": dependency cycle a → b → a" },
        { [Service("a", "karyon", 3, "a"), Service("www", "denominator", 0, "a")], "services[0] \"a\": dependency cycle a → a" },
        { [Service("db", "store", 2), Service("s", "staash", 3, "db", "p"), Service("p", "zuul", 3, "s"), Service("elb", "elb", 0, "p"), Service("www", "denominator", 0, "elb")],
            "services[1] \"s\": dependency cycle s → p → s" },
        { [Service("e", "elb", 0, "m"), Service("m", "monolith", 3, "e"), Service("www", "denominator", 0, "e")], "services[0] \"e\": dependency cycle e → m → e" },
        { [Service("x", "karyon", 3, "y"), Service("y", "karyon", 3, "z"), Service("z", "karyon", 3, "x"), Service("www", "denominator", 0, "x")],
            "services[0] \"x\": dependency cycle x → y → z → x" },
    };

    [Theory]
    [MemberData(nameof(Cycles))]
    public async Task ACycleOfServicesThatPassRequestsOnIsRefused(string[] services, string expected)
    {
        var (outcome, file, dir) = await Run(services);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal($"spigo: {file}: {expected}; a request would be passed round it forever", outcome.Err.Trim());
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir));
    }

    [Fact]
    public async Task StorageThatNamesItselfStillRuns()
    {
        // A Cassandra ring and a MySQL master/slave pair name themselves, as in the original's files; they store, not forward.
        var (outcome, _, dir) = await Run(Service("cass", "priamCassandra", 3, "cass"), Service("mysql", "store", 2, "mysql"),
            Service("s", "staash", 3, "cass", "mysql"), Service("www", "denominator", 0, "s"));

        Assert.Equal(0, outcome.ExitCode);
        Assert.Matches(@"^spigo: loop complete: 9 nanoservices, \d+ requests \(\d+ answered, 0 failed, 0 timed out\)", outcome.Out);
        Assert.Equal(2, Directory.EnumerateFiles(dir).Count());
    }

    [Fact]
    public async Task ARunWhoseRequestsAllFailSaysSoAndFails()
    {
        // Staash with no storage tier to read or write answers every request "not found" (a Karyon with nothing to call
        // is the end of the line and serves the request itself).
        var (outcome, _, dir) = await Run(Service("app", "staash", 3), Service("www", "denominator", 0, "app"));

        Assert.Equal(1, outcome.ExitCode);
        Assert.Matches(@"^spigo: loop FAILED: 4 nanoservices, (\d+) requests \(0 answered, \1 failed, 0 timed out\)", outcome.Out);
        Assert.Matches(@"^spigo: the architecture did not serve its traffic: 0 of (\d+) requests answered \(\1 failed, 0 timed out\), under --min-answered 5%$", outcome.Err.Trim().Split('\n')[^1]);
        Assert.Equal(2, Directory.EnumerateFiles(dir).Count()); // the record of a failed run is still worth having
    }

    [Fact]
    public async Task ARequestInALoopIsFailedWhenItsHopBudgetIsSpent()
    {
        // Two Zuul nodes wired to each other directly, as no file can: each passes a request to the other.
        var arch = "hops" + Guid.NewGuid().ToString("N")[..8];
        var a = $"{arch}.us-east-1.zoneA.a.zuul.a0";
        var b = $"{arch}.us-east-1.zoneA.b.zuul.b0";
        await Wire(a, "b", b);
        await Wire(b, "a", a);
        var listener = new RecordingListener();
        var reply = fixture.Client.CreateObjectReference<IGotocolListener>(listener);
        var silos = await SiloTelemetries.FindAsync(fixture.Client);
        await Task.WhenAll(silos.Select(s => s.Open(arch, flows: true)));
        try
        {
            await fixture.Client.GetNanoservice(a).Deliver([GotocolMessage.Create(Imposition.GetRequest, reply, "key1")]);

            Assert.True(await listener.WaitFor(heard => heard.Count > 0, TimeSpan.FromSeconds(10)), "the request was never answered");
            var answer = Assert.Single(listener.Heard);
            Assert.Equal(Imposition.GetResponse, answer.Imposition);
            Assert.Equal("key1", answer.Intention); // a key alone: not found
        }
        finally
        {
            var shares = await Task.WhenAll(silos.Select(s => s.Close(arch)));
            var spans = shares.SelectMany(s => s.Spans).ToList();
            var dropped = shares.Sum(s => s.Dropped);
            // Hops 0 to the budget were made, each recorded where it arrived; then the request was failed.
            Assert.Equal(TraceContext.MaxHops + 1, spans.Count);
            Assert.Equal(0, dropped);
            Assert.Equal(TraceContext.MaxHops + 1, spans.Select(s => s.Span).Distinct().Count());
        }
    }

    private Task Wire(string node, string service, string instance) =>
        fixture.Client.GetNanoservice(node).Deliver([
            GotocolMessage.Create(Imposition.Hello, null, node),
            GotocolMessage.Create(Imposition.NameDrop, null, service),
            GotocolMessage.Create(Imposition.NameDrop, fixture.Client.GetNanoservice(instance), instance),
        ]);
}
