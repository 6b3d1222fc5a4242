namespace Spigo.Tests.Cli;

public class BadInputTests
{
    private static void AssertUsageError(CliRunner.Outcome outcome, string expected, string dir)
    {
        Assert.Equal(2, outcome.ExitCode);
        var line = Assert.Single(outcome.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("spigo: "));
        Assert.Contains(expected, line);
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir));
        Assert.Equal("", outcome.Out);
    }

    [Fact]
    public async Task UnknownArchitecture()
    {
        var dir = TempDir.Create();
        AssertUsageError(await CliRunner.Run("-a", "pirateship", "-j", "-o", dir), "-a pirateship: unknown architecture; choose one of fsm, lamp, migration, netflix, netflixoss, storage, or give an architecture file", dir);
    }

    [Fact]
    public async Task NegativePopulation()
    {
        var dir = TempDir.Create();
        AssertUsageError(await CliRunner.Run("-a", "fsm", "-p", "-5", "-j", "-o", dir), "-p -5: must be a whole number from 0 to 2147483647", dir);
    }

    [Theory]
    [InlineData("-w", "7", "-w 7: must be a whole number from 1 to 6")]
    [InlineData("-s", "10", "-s 10: must be a whole number from 0 to 9")]
    [InlineData("-u", "soon", "-u soon: not a duration")]
    [InlineData("-d", "-1", "-d -1: must be a whole number from 0 to 2592000")]
    [InlineData("-p", "many", "many")]
    [InlineData("--frobnicate", "x", "frobnicate")]
    public async Task BadFlagValues(string flag, string value, string expected)
    {
        var dir = TempDir.Create();
        AssertUsageError(await CliRunner.Run("-a", "fsm", flag, value, "-j", "-o", dir), expected, dir);
    }

    [Theory]
    [InlineData("netflixoss", "--service-time", "cassSubscriber", "--service-time cassSubscriber: expected service=time, e.g. cassandra=exp:2ms")]
    [InlineData("netflixoss", "--service-time", "cassSubscriber=slow", "--service-time cassSubscriber=slow: \"slow\": \"slow\" is not a duration (e.g. 2ms, 150us, 1.5s)")]
    [InlineData("netflixoss", "--service-time", "cassSubscriber=gamma:2ms", "--service-time cassSubscriber=gamma:2ms: \"gamma:2ms\" is not a service time: expected fixed:2ms, uniform:1ms:3ms, exp:2ms or lognormal:2ms:0.5")]
    [InlineData("netflixoss", "--service-time", "cassSubscriber=uniform:3ms:1ms", "the upper bound 1ms is below the lower bound 3ms")]
    [InlineData("netflixoss", "--service-time", "cassSubscriber=exp:2h", "\"exp:2h\": 2h is longer than 60s")]
    [InlineData("netflixoss", "--service-time", "cassandra=2ms", "--service-time cassandra=fixed:2ms: netflixoss has no service \"cassandra\"; it has cassSubscriber, ")]
    [InlineData("netflixoss", "--network", "1ms,2ms", "--network 1ms,2ms: \"1ms,2ms\" is not a set of network delays: expected three durations")]
    [InlineData("netflixoss", "--network", "1ms,2ms,1h", "--network 1ms,2ms,1h: \"1ms,2ms,1h\": \"1h\" is not a duration from 0 to 10s")]
    [InlineData("fsm", "--network", "1ms,2ms,3ms", "--network: pirates do not serve requests; it is for the other architectures")]
    [InlineData("netflixoss", "--chaos", "kong:us-east-1@1s", "--chaos kong:us-east-1: chaos kong needs two regions or more (-w 2): the Denominator has no other region to fail traffic over to")]
    [InlineData("netflixoss", "--chaos", "kong:eu-west-1@1s", "--chaos kong:eu-west-1: no nanoservice of netflixoss lives in eu-west-1 (regions: us-east-1)")]
    [InlineData("netflixoss", "--chaos", "kong:us-east-1@1s+0s", "--chaos kong:us-east-1@1s+0s: \"0s\" is not a duration longer than 0 (e.g. 10s)")]
    [InlineData("netflixoss", "--chaos", "partition:us-east-1.zoneA@1s", "--chaos partition:us-east-1.zoneA@1s: \"us-east-1.zoneA\" is not a partition: expected two different regions or zones, e.g. us-east-1.zoneA/us-east-1.zoneB")]
    [InlineData("netflixoss", "--chaos", "partition:us-east-1.zoneA/us-east-1.zoneQ@1s", "--chaos partition:us-east-1.zoneA/us-east-1.zoneQ: no nanoservice of netflixoss lives in us-east-1.zoneQ (regions: us-east-1)")]
    [InlineData("netflixoss", "--chaos", "partition:us-east-1/us-east-1.zoneA@1s+1s", "--chaos partition:us-east-1/us-east-1.zoneA: us-east-1 and us-east-1.zoneA overlap; a partition separates two places")]
    [InlineData("netflixoss", "--chaos", "frob:us-east-1@1s", "--chaos frob:us-east-1@1s: unknown fault \"frob\": monkey, gorilla, kong, latency, errors or partition")]
    [InlineData("netflixoss", "--chaos", "monkey:homepage", "--chaos monkey:homepage: expected monkey:SERVICE@T[+D], gorilla:REGION.ZONE@T[+D], kong:REGION@T[+D], latency:SERVICE=TIME@T+D, errors:SERVICE=RATE@T+D or partition:SIDE/SIDE@T[+D]")]
    [InlineData("netflixoss", "--chaos", "monkey:homepage@soon", "--chaos monkey:homepage@soon: \"soon\" is not a time into the traffic (e.g. 5s)")]
    [InlineData("netflixoss", "--chaos", "gorilla:us-east-1.zoneA@1s+0s", "--chaos gorilla:us-east-1.zoneA@1s+0s: \"0s\" is not a duration longer than 0 (e.g. 10s)")]
    [InlineData("netflixoss", "--chaos", "gorilla:us-east-1.zoneA@1s+-2s", "--chaos gorilla:us-east-1.zoneA@1s+-2s: \"-2s\" is not a duration longer than 0 (e.g. 10s)")]
    [InlineData("netflixoss", "--chaos", "gorilla:us-east-1.zoneA@1s+soon", "--chaos gorilla:us-east-1.zoneA@1s+soon: \"soon\" is not a duration (e.g. 10s)")]
    [InlineData("netflixoss", "--chaos", "monkey:homepage@1s+0", "--chaos monkey:homepage@1s+0: \"0\" is not a duration longer than 0 (e.g. 10s)")]
    [InlineData("netflixoss", "--chaos", "monkey:homepage@1s+", "--chaos monkey:homepage@1s+: \"\" is not a duration (e.g. 10s)")]
    [InlineData("netflixoss", "--chaos", "gorilla:us-east-1@1s", "--chaos gorilla:us-east-1@1s: \"us-east-1\" is not a zone: expected REGION.ZONE, e.g. us-east-1.zoneA")]
    [InlineData("netflixoss", "--chaos", "gorilla:us-east-1.zoneQ@1s", "--chaos gorilla:us-east-1.zoneQ: no nanoservice of netflixoss lives in us-east-1.zoneQ (regions: us-east-1)")]
    [InlineData("netflixoss", "--chaos", "gorilla:eu-west-1.zoneA@1s", "--chaos gorilla:eu-west-1.zoneA: no nanoservice of netflixoss lives in eu-west-1.zoneA (regions: us-east-1)")]
    [InlineData("netflixoss", "--chaos", "latency:homepage=5ms@1s", "--chaos latency:homepage=5ms@1s: expected latency:SERVICE=TIME@T+D, e.g. latency:cassSubscriber=exp:20ms@5s+10s")]
    [InlineData("netflixoss", "--chaos", "monkey:cassandra@1s", "--chaos monkey:cassandra: netflixoss has no instance of a service \"cassandra\"")]
    [InlineData("netflixoss", "--chaos", "monkey:homepage@20s", "--chaos monkey:homepage: at 20s, but the traffic lasts 10s")]
    [InlineData("fsm", "--chaos", "monkey:pirate@1s", "--chaos: pirates do not serve requests; it is for the other architectures")]
    [InlineData("netflixoss", "--chaos", "errors:homepage=50@1s+1s", "--chaos errors:homepage=50@1s+1s: \"50\" is not a failure rate: expected a share from 0% to 100%, e.g. 50%")]
    [InlineData("netflixoss", "--chaos", "errors:homepage=50%@1s", "--chaos errors:homepage=50%@1s: expected errors:SERVICE=RATE@T+D, e.g. errors:cassSubscriber=50%@5s+10s")]
    [InlineData("netflixoss", "--resilience", "homepage", "--resilience homepage: expected service=policy, e.g. subscriber=timeout:50ms,retries:2,backoff:10ms,budget:20%,breaker:5/5s,bulkhead:32,fallback")]
    [InlineData("netflixoss", "--resilience", "homepage=retries:11", "--resilience homepage=retries:11: retries:11: must be a whole number from 0 to 10")]
    [InlineData("netflixoss", "--resilience", "homepage=timeout:2m", "--resilience homepage=timeout:2m: timeout:2m: must be from 1ms to 60s")]
    [InlineData("netflixoss", "--resilience", "homepage=breaker:5", "--resilience homepage=breaker:5: breaker:5: expected breaker:FAILURES/OPEN, e.g. breaker:5/5s")]
    [InlineData("netflixoss", "--resilience", "homepage=budget:150%", "--resilience homepage=budget:150%: budget:150%: must be a share from 0% to 100%")]
    [InlineData("netflixoss", "--resilience", "homepage=retries:1,retries:2", "--resilience homepage=retries:1,retries:2: \"retries\" is given twice")]
    [InlineData("netflixoss", "--resilience", "homepage=hedge:2", "--resilience homepage=hedge:2: \"hedge:2\" is not part of a policy: expected e.g. ")]
    [InlineData("netflixoss", "--resilience", "shop=retries:1", "--resilience shop=retries:1: netflixoss has no service \"shop\"; it has cassSubscriber, ")]
    [InlineData("netflixoss", "--resilience", "homepage/login=retries:1", "--resilience homepage/login=retries:1: homepage does not depend on \"login\" (it depends on subscriber)")]
    [InlineData("fsm", "--resilience", "pirate=retries:1", "--resilience: pirates do not serve requests; it is for the other architectures")]
    public async Task BadLatencyFlags(string arch, string flag, string value, string expected)
    {
        var dir = TempDir.Create();
        AssertUsageError(await CliRunner.Run("-a", arch, flag, value, "-j", "-o", dir), expected, dir);
    }

    [Fact]
    public async Task ABadLatencyInAFileNamesTheFileAndService()
    {
        var dir = TempDir.Create();
        var file = Path.Combine(TempDir.Create(), "slow.json");
        await File.WriteAllTextAsync(file, """
            {"arch":"slow","services":[{"name":"db","package":"store","count":1,"regions":1,"latency":"lognormal:2ms:9"},
            {"name":"front","package":"denominator","count":0,"regions":1,"dependencies":["db"]}]}
            """);
        AssertUsageError(await CliRunner.Run("-a", file, "-j", "-o", dir), $"{file}: services[0] \"db\": \"latency\" \"lognormal:2ms:9\": sigma \"9\" must be a number from 0 to 4", dir);
    }

    [Fact]
    public async Task MalformedJsonFileNamesFileLineAndColumn()
    {
        var dir = TempDir.Create();
        var input = Path.Combine(TempDir.Create(), "broken.json");
        await File.WriteAllTextAsync(input, "{\n  \"arch\":\"fsm\",\n  \"graph\":[\n    {\"node\":\"fsm.*.*.pirate.pirate.Pirate1\",}\n    {\"node\" \"x\"}\n  ]\n}\n");
        AssertUsageError(await CliRunner.Run("-a", "fsm", "-r", input, "-j", "-g", "-o", dir), $"{input}:5:", dir);
    }

    [Theory]
    [InlineData("{\"arch\":\"fsm\"}", "no \"graph\" array")]
    [InlineData("{\"graph\":[{\"edge\":\"e1\",\"source\":\"fsm.*.*.pirate.pirate.P1\"}]}", "graph[0]: \"target\" is missing")]
    public async Task BadGraphFilesNameTheFileAndWhatIsWrong(string content, string expected)
    {
        var dir = TempDir.Create();
        var input = Path.Combine(TempDir.Create(), "graph.json");
        await File.WriteAllTextAsync(input, content);
        AssertUsageError(await CliRunner.Run("-a", "fsm", "-r", input, "-j", "-o", dir), $"{input}: {expected}", dir);
    }

    [Fact]
    public async Task MissingReloadFile()
    {
        var dir = TempDir.Create();
        AssertUsageError(await CliRunner.Run("-a", "fsm", "-r", "-j", "-o", dir), $"{Path.Combine(dir, "fsm.json")}: file not found", dir);
    }

    [Fact]
    public async Task BadMetricsOptions()
    {
        var dir = TempDir.Create();
        AssertUsageError(await CliRunner.Run("-a", "fsm", "-c", "--metrics-port", "70000", "-o", dir), "--metrics-port 70000: must be a whole number from 0 to 65535", dir);
        AssertUsageError(await CliRunner.Run("-a", "fsm", "-c", "--otlp", "collector:4318", "-o", dir), "--otlp collector:4318: not an http(s) URL", dir);
    }

    [Fact]
    public async Task ReloadingANonDottedGraphSaysWhichNode()
    {
        var dir = TempDir.Create();
        var example = Path.Combine(AppContext.BaseDirectory, "examples", "latest-lamp-p6.json");
        AssertUsageError(await CliRunner.Run("-a", "lamp", "-r", example, "-j", "-o", dir), "node lamp.us-east-1.*.rds-mysql00: bad nanoservice name", dir);
    }

    [Fact]
    public async Task HelpListsFlagsAndExamples()
    {
        var outcome = await CliRunner.Run("--help");
        Assert.Equal(0, outcome.ExitCode);
        foreach (var flag in new[] { "-a", "-p", "-d", "-w", "-g", "-j", "-m", "-r", "-c", "-s", "-u", "-cpuprofile", "--seed", "--out" })
        {
            Assert.Contains(flag, outcome.Out);
        }
        Assert.Contains("Examples:", outcome.Out);
        Assert.Contains("spigo -a fsm -d 0 -p 100000", outcome.Out);
    }
}
