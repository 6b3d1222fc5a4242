using Spigo.CommandLine;
using Spigo.Tests.Cli;

namespace Spigo.Tests.Hardening;

/// <summary>
/// Classes of bad input that passed a first check and failed later (or never): numbers that are not numbers, names that
/// fit one rule and not the next, a reload that skipped a file's checks. Each is one line, exit 2, nothing written.
/// </summary>
public class InputClassTests
{
    private static async Task<string> AssertRefused(params string[] args)
    {
        var dir = TempDir.Create();
        var outcome = await CliRunner.Run([.. args, "-d", "1", "-j", "-o", dir]);
        Assert.Equal(2, outcome.ExitCode);
        var line = Assert.Single(outcome.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("spigo: ", line);
        Assert.True(line.Length <= OneLine.MaxLength + 20, $"a line of {line.Length} characters");
        Assert.Equal("", outcome.Out);
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir));
        return line;
    }

    [Theory]
    [InlineData("--service-time", "subscriber=lognormal:2ms:NaN")]
    [InlineData("--service-time", "subscriber=lognormal:2ms:Infinity")]
    [InlineData("--service-time", "subscriber=lognormal:2ms:-0.5")]
    [InlineData("--service-time", "subscriber=lognormal:2ms:1e-3")]
    [InlineData("--service-time", "subscriber=exp:1e3ms")]
    [InlineData("--service-time", "subscriber=fixed:NaNms")]
    [InlineData("--service-time", "subscriber=uniform:1ms:∞ms")]
    [InlineData("--service-time", "subscriber=fixed:١ms")]
    [InlineData("--chaos", "errors:subscriber=NaN%@1s+1s")]
    [InlineData("--chaos", "errors:subscriber=Infinity%@1s+1s")]
    [InlineData("--chaos", "errors:subscriber=+50%@1s+1s")]
    [InlineData("--chaos", "latency:subscriber=lognormal:2ms:NaN@1s+1s")]
    [InlineData("--chaos", "gorilla:us-east-1.zoneA@NaNs")]
    [InlineData("--resilience", "subscriber=budget:NaN%")]
    [InlineData("--resilience", "subscriber=budget:1e2%")]
    [InlineData("--resilience", "subscriber=timeout:NaNms")]
    [InlineData("--network", "NaNms,1ms,60ms")]
    [InlineData("-u", "NaNs")]
    [InlineData("--rate", "1e-3s")]
    public async Task NumbersThatAreNotPlainNumbersAreRefused(string flag, string value)
    {
        var line = await AssertRefused("-a", "netflixoss", flag, value);
        Assert.Contains(flag, line);
    }

    [Theory]
    [InlineData("--capacity", "subscriber=workers:0,queue:4", "workers:0: must be a whole number from 1")]
    [InlineData("--capacity", "subscriber=workers:4,queue:-1", "queue:-1: must be a whole number from 0")]
    [InlineData("--capacity", "subscriber=workers:NaN", "workers:NaN: must be a whole number")]
    [InlineData("--capacity", "subscriber=queue:4", "says no workers")]
    [InlineData("--capacity", "subscriber=workers:4,threads:2", "\"threads:2\" is not part of a capacity")]
    [InlineData("--capacity", "nosuch=workers:4", "has no service \"nosuch\"")]
    [InlineData("--load", "-5/s", "is not a rate")]
    [InlineData("--load", "NaN/s", "is not a rate")]
    [InlineData("--load", "100/s@10s,200/s@5s", "goes back in time")]
    [InlineData("--load", "100/s,200/s", "has no time")]
    [InlineData("--load", "0/s", "every rate is 0")]
    [InlineData("--arrivals", "bursty", "expected poisson or fixed")]
    [InlineData("--autoscale", "homepage=target:0%,min:1,max:4,boot:1s", "target:0%: must be a percentage above 0% and below 100%")]
    [InlineData("--autoscale", "homepage=target:120%,min:1,max:4,boot:1s", "target:120%: must be a percentage")]
    [InlineData("--autoscale", "homepage=target:60%,min:5,max:4,boot:1s", "min:5 is more than max:4")]
    [InlineData("--autoscale", "homepage=target:60%,min:1,max:4,boot:0s", "boot:0s: must be a duration from 100ms to 1h")]
    [InlineData("--autoscale", "homepage=target:60%,min:1,max:4", "lacks boot")]
    [InlineData("--autoscale", "homepage=target:60%,min:-1,max:4,boot:1s", "min:-1: must be a whole number from 0")]
    [InlineData("--autoscale", "homepage=target:60%,min:1,max:4,boot:1s,warmup:2s", "\"warmup:2s\" is not part of a scaling policy")]
    [InlineData("--autoscale", "nosuch=target:60%,min:1,max:4,boot:1s", "has no service \"nosuch\"")]
    public async Task CapacityAndLoadOutOfRangeAreRefused(string flag, string value, string expected)
    {
        var line = await AssertRefused("-a", "netflixoss", flag, value);
        Assert.StartsWith($"spigo: {flag} {value}", line);
        Assert.Contains(expected, line);
    }

    [Fact]
    public async Task ALoadFileWithABadRowIsRefusedWithItsLine()
    {
        var csv = Path.Combine(TempDir.Create(), "day.csv");
        await File.WriteAllTextAsync(csv, "second,rate\n0,100\n60,abc\n");
        var line = await AssertRefused("-a", "netflixoss", "--load", csv);
        Assert.Contains($"{csv}:3", line);
    }

    [Fact]
    public async Task AFilesLatencyThatIsNotANumberIsRefused()
    {
        var file = await ArchitectureFile("nan", "subscriber", """ "latency": "lognormal:2ms:NaN", """);
        var line = await AssertRefused("-a", file);
        Assert.Contains("NaN", line);
    }

    [Fact]
    public async Task AServiceNameWithNoRoomForItsInstanceNumbersIsRefusedByTheReader()
    {
        var name = new string('s', 100);
        var line = await AssertRefused("-a", await ArchitectureFile("long", name, ""));
        Assert.Contains("leaves no room for an instance number", line);
        // One that leaves room runs.
        var fits = new string('s', 93);
        var outcome = await CliRunner.Run("-a", await ArchitectureFile("fits", fits, ""), "-d", "0", "-o", TempDir.Create());
        Assert.Equal(0, outcome.ExitCode);
    }

    [Fact]
    public async Task ANameIsMeasuredInBytesAsFileNamesAre()
    {
        // 100 characters of CJK are 300 bytes of UTF-8: too long for a file name with its suffixes.
        var line = await AssertRefused("-a", await ArchitectureFile(new string('架', 100), "web", ""));
        Assert.Contains("bytes in UTF-8", line);
        var fits = await CliRunner.Run("-a", await ArchitectureFile(new string('架', 33), "web", ""), "-d", "0", "-j", "-o", TempDir.Create());
        Assert.Equal(0, fits.ExitCode);
    }

    [Fact]
    public async Task AnUnpairedSurrogateIsNotACharacterOfAName()
    {
        var line = await AssertRefused("-a", await ArchitectureFile("w\\ud800eb", "web", ""));
        Assert.Contains("unpaired UTF-16 surrogate", line);
        Assert.DoesNotContain('\ud800', line);
    }

    [Fact]
    public async Task AHugeNameGivesABoundedLine()
    {
        // The service's name is quoted where the problem is said: the line keeps its start and its end.
        var line = await AssertRefused("-a", await ArchitectureFile("huge", new string('x', 7 << 20), ""));
        Assert.Contains("…", line);
        Assert.EndsWith("is longer than 100 characters", line);
    }

    [Theory]
    [InlineData("zuul", "karyon", "zuul", "dependency cycle")]
    [InlineData("karyon", "karyon", null, "dependency cycle karyon → karyon")]
    public async Task AReloadGetsTheChecksOfAnArchitectureFile(string from, string to, string? back, string expected)
    {
        string Node(string service, string package) => $$"""{"node":"loop.us-east-1.zoneA.{{service}}.{{package}}.{{service}}0","package":"{{package}}"}""";
        string Edge(int id, string a, string b) => $$"""{"edge":"e{{id}}","source":"loop.us-east-1.zoneA.{{a}}.{{a}}.{{a}}0","target":"loop.us-east-1.zoneA.{{b}}.{{b}}.{{b}}0"}""";
        var elements = new List<string> { """{"node":"loop.*.*.www.denominator.www0","package":"denominator"}""", Node("zuul", "zuul"), Node("karyon", "karyon") };
        elements.Add("""{"edge":"e0","source":"loop.*.*.www.denominator.www0","target":"loop.us-east-1.zoneA.zuul.zuul.zuul0"}""");
        elements.Add(Edge(1, from, to));
        if (back is not null) elements.Add(Edge(2, to, back));
        var file = Path.Combine(TempDir.Create(), "loop.json");
        await File.WriteAllTextAsync(file, $$"""{"arch":"loop","version":"spigo-0.4","args":"","graph":[{{string.Join(",", elements)}}]}""");
        var line = await AssertRefused("-a", "loop", "-r", file);
        Assert.Contains(expected, line);
    }

    [Fact]
    public async Task AReloadTooLargeForMemoryIsRefusedBeforeItRuns()
    {
        var file = Path.Combine(TempDir.Create(), "huge.json");
        // One Zuul that depends on 100,000 Karyons, each of which depends on all of them: 10^10 instances to learn.
        using (var writer = new StreamWriter(file))
        {
            await writer.WriteAsync("""{"arch":"huge","version":"spigo-0.4","args":"","graph":[{"node":"huge.*.*.www.denominator.www0","package":"denominator"}""");
            for (var i = 0; i < 100_000; i++) await writer.WriteAsync($$""",{"node":"huge.us-east-1.zoneA.app.karyon.app{{i}}","package":"karyon"}""");
            for (var i = 0; i < 100_000; i++) await writer.WriteAsync($$""",{"edge":"e{{i}}","source":"huge.us-east-1.zoneA.app.karyon.app{{i}}","target":"huge.us-east-1.zoneA.app.karyon.app{{(i + 1) % 100_000}}"}""");
            await writer.WriteAsync("]}");
        }
        var line = await AssertRefused("-a", "huge", "-r", file);
        Assert.Matches(@"^spigo: -r .*: 100,001 nanoservices with [\d,]+ dependency instances to learn need about [\d.]+ GB of memory", line);
    }

    [Theory]
    [InlineData("--timeout", "0", "--timeout 0: must be at least 100ms")]
    [InlineData("--timeout", "1ns", "--timeout 1ns: must be at least 100ms")]
    public async Task ATimeoutThatGuaranteesAFailedRunIsRefused(string flag, string value, string expected) =>
        Assert.Equal($"spigo: {expected}", await AssertRefused("-a", "fsm", flag, value));

    [Theory]
    [InlineData("-5")]
    [InlineData("-2147483648")]
    public async Task ANegativeSeedIsASeed(string seed)
    {
        var first = await CliRunner.Run("-a", "fsm", "-p", "20", "-d", "0", "--seed", seed, "-j", "-o", TempDir.Create());
        var again = await CliRunner.Run("-a", "fsm", "-p", "20", "-d", "0", $"--seed={seed}", "-j", "-o", TempDir.Create());
        Assert.Equal(0, first.ExitCode);
        Assert.Equal(0, again.ExitCode);
        Assert.Matches(@"gold (\d+)/\1 conserved", first.Out);
        // The same seed gives the same gold.
        Assert.Equal(System.Text.RegularExpressions.Regex.Match(first.Out, @"gold \d+").Value, System.Text.RegularExpressions.Regex.Match(again.Out, @"gold \d+").Value);
    }

    [Fact]
    public async Task HelpShowsDefaultsAsTheyAreTyped()
    {
        var help = await CliRunner.Run("--help");
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("[default: 1s]", help.Out);
        Assert.Contains("[default: 10ms]", help.Out);
        Assert.Contains("[default: 60s]", help.Out);
        Assert.DoesNotContain("00:00", help.Out);
        Assert.DoesNotContain("[default: 0]", help.Out.Split('\n').Single(l => l.Contains("--seed", StringComparison.Ordinal) && l.TrimStart().StartsWith("--seed", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("a\u202eb")]
    [InlineData("a\u200bb")]
    [InlineData("a\ufffdb")]
    public async Task InvisibleAndReplacementCharactersAreNotPartOfAName(string name)
    {
        var line = await AssertRefused("-a", await ArchitectureFile("invisible", name, ""));
        Assert.Contains("an invisible or replacement character", line);
        // An "arch" is made a name of, as spigo's files need: what a name cannot hold becomes '-'.
        var outcome = await CliRunner.Run("-a", await ArchitectureFile(name, "web", ""), "-d", "0", "-j", "-o", TempDir.Create());
        Assert.Equal(0, outcome.ExitCode);
        Assert.StartsWith("spigo: a-b complete", outcome.Out);
    }

    [Fact]
    public async Task AChainOfServicesTooLongToRecurseIsCheckedWithoutOverflowing()
    {
        // 60,000 karyons, each depending on the next, the last on the first: a cycle found without the thread's stack.
        var file = Path.Combine(TempDir.Create(), "chain.json");
        const int n = 60_000;
        var services = Enumerable.Range(0, n).Select(i => $$"""{"name":"k{{i}}","package":"karyon","count":1,"regions":1,"dependencies":["k{{(i + 1) % n}}"]}""");
        await File.WriteAllTextAsync(file, $$"""{"arch":"chain","services":[{{string.Join(",", services)}},{"name":"www","package":"denominator","count":0,"regions":0,"dependencies":["k0"]}]}""");
        var line = await AssertRefused("-a", file);
        Assert.Contains("dependency cycle k0 → k1 → k2", line);
    }

    [Theory]
    [InlineData("x.mars.zoneA.k.karyon.k0", "karyon", "unknown region \"mars\"")]
    [InlineData("x.us-east-1.zoneQ.k.karyon.k0", "karyon", "unknown zone \"zoneQ\"")]
    [InlineData("x.us-east-1.zoneA.k.bogus.k0", "karyon", "its name says package \"bogus\" but \"package\" says \"karyon\"")]
    [InlineData("y.us-east-1.zoneA.k.karyon.k0", "karyon", "of architecture \"y\", but the graph's first node is of \"x\"")]
    [InlineData("x.us-east-1.zoneB.k.store.k1", "store", "service \"k\" is also a karyon")]
    public async Task AReloadedNodeMustAgreeWithItsNameAndTheGraph(string node, string package, string expected)
    {
        var file = Path.Combine(TempDir.Create(), "x.json");
        await File.WriteAllTextAsync(file, $$"""
            {"arch":"x","version":"spigo-0.4","args":"","graph":[
              {"node":"x.*.*.www.denominator.www0","package":"denominator"},
              {"node":"x.us-east-1.zoneA.k.karyon.k9","package":"karyon"},
              {"node":"{{node}}","package":"{{package}}"}]}
            """);
        var line = await AssertRefused("-a", "x", "-r", file);
        Assert.Contains(expected, line);
    }

    [Fact]
    public async Task APirateGraphHoldsOnlyPirates()
    {
        var file = Path.Combine(TempDir.Create(), "fsm.json");
        await File.WriteAllTextAsync(file, """
            {"arch":"fsm","version":"spigo-0.4","args":"","graph":[
              {"node":"fsm.*.*.pirate.pirate.Pirate1","package":"pirate"},
              {"node":"fsm.*.*.k.karyon.k0","package":"pirate"}]}
            """);
        var line = await AssertRefused("-a", "fsm", "-r", file);
        Assert.Contains("a graph of pirates holds only pirates", line);
    }

    [Theory]
    [InlineData("-w", "2", "-w 2: pirates live in no region")]
    [InlineData("--verify", null, "--verify: pirates store nothing to read back")]
    [InlineData("-s", "5", "-s 5: only -a migration has steps")]
    public async Task FlagsThatDoNotApplyToPiratesAreRefused(string flag, string? value, string expected)
    {
        var line = await AssertRefused(value is null ? ["-a", "fsm", flag] : ["-a", "fsm", flag, value]);
        Assert.StartsWith($"spigo: {expected}", line);
    }

    [Fact]
    public async Task TheServiceThatSendsTheTrafficCannotBeTheVictim()
    {
        var file = Path.Combine(TempDir.Create(), "arch.json");
        await File.WriteAllTextAsync(file, """
            { "arch": "v", "victim": "www", "services": [
              { "name": "db", "package": "store", "count": 1, "regions": 1, "dependencies": [] },
              { "name": "www", "package": "denominator", "count": 0, "regions": 0, "dependencies": ["db"] } ] }
            """);
        Assert.Contains("the service that sends the traffic", await AssertRefused("-a", file));
    }

    [Fact]
    public async Task TheNumberOfFaultsIsBounded()
    {
        var chaos = Enumerable.Repeat("--chaos monkey:homepage@1s", 1001).SelectMany(f => f.Split(' ')).ToArray();
        Assert.Equal("spigo: --chaos: 1001 faults; a run takes at most 1000", await AssertRefused(["-a", "netflixoss", .. chaos]));
    }

    [Fact]
    public async Task AnOutputDirectoryWithAControlCharacterIsRefused()
    {
        var dir = Path.Combine(TempDir.Create(), "x\ny");
        var outcome = await CliRunner.Run("-a", "fsm", "-p", "5", "-d", "0", "-j", "-o", dir);
        Assert.Equal(2, outcome.ExitCode);
        Assert.EndsWith("x\\u000ay: a directory name with a control character is refused", outcome.Err.Trim());
        Assert.False(Directory.Exists(dir));
    }

    /// <summary>A small architecture whose subscriber-like service has the given name and extra fields.</summary>
    private static async Task<string> ArchitectureFile(string arch, string service, string extra)
    {
        var file = Path.Combine(TempDir.Create(), "arch.json");
        await File.WriteAllTextAsync(file, $$"""
            { "arch": "{{arch}}", "services": [
              { "name": "{{service}}", "package": "store", "count": 1, "regions": 1, {{extra}} "dependencies": [] },
              { "name": "www", "package": "denominator", "count": 0, "regions": 0, "dependencies": ["{{service}}"] } ] }
            """);
        return file;
    }
}
