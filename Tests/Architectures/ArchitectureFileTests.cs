using Spigo.Tests.Cli;

namespace Spigo.Tests.Architectures;

public class ArchitectureFileTests
{
    private static async Task<(CliRunner.Outcome Outcome, string File, string Out)> Run(string json)
    {
        var file = Path.Combine(TempDir.Create(), "arch.json");
        await File.WriteAllTextAsync(file, json);
        var dir = TempDir.Create();
        return (await CliRunner.Run("-a", file, "-d", "0", "-j", "-o", dir), file, dir);
    }

    private const string Good = """
        { "arch": "shop", "victim": "", "services": [
          { "name": "db", "package": "store", "count": 2, "regions": 1, "dependencies": [] },
          { "name": "app", "package": "karyon", "count": 3, "regions": 1, "dependencies": ["db"], "machine": "m5.large" },
          { "name": "dns", "package": "denominator", "count": 0, "regions": 0, "dependencies": ["app"] } ] }
        """;

    [Theory]
    [InlineData("""{ "arch": "shop", "services": [ { "name": "db", "package": "store" "count": 1 } ] }""", ":1:")]
    [InlineData("""{ "arch": "shop", "services": [ { "name": "db", "package": "store", "count": 1, "regions": 1 }, { "name": "db", "package": "store", "count": 1, "regions": 1 } ] }""", "services[1]: duplicate service name \"db\"")]
    [InlineData("""{ "arch": "shop", "services": [ { "name": "db", "package": "oracle", "count": 1, "regions": 1 } ] }""", "services[0] \"db\": unknown package \"oracle\"")]
    [InlineData("""{ "arch": "shop", "services": [ { "name": "app", "package": "karyon", "count": 1, "regions": 1, "dependencies": ["db"] } ] }""", "services[0] \"app\": unknown dependency \"db\"")]
    [InlineData("""{ "arch": "shop", "services": [ { "name": "db", "package": "store", "count": -2, "regions": 1 } ] }""", "services[0] \"db\": \"count\" is -2; it must be a whole number from 0 to 1000000")]
    [InlineData("""{ "arch": "shop", "victim": "web", "services": [ { "name": "db", "package": "store", "count": 1, "regions": 1 } ] }""", "\"victim\" names \"web\"")]
    [InlineData("""{ "services": [] }""", "\"arch\" is missing")]
    [InlineData("""{ "arch": "shop", "services": [ { "name": "db", "package": "store", "count": 1.5, "regions": 1 } ] }""", "\"count\" is 1.5; it must be a whole number from 0 to 1000000")]
    [InlineData("""{ "arch": "shop", "chaos": "gorilla", "services": [ { "name": "db", "package": "store", "count": 1, "regions": 1 } ] }""", "\"chaos\" must be an array of faults")]
    [InlineData("""{ "arch": "shop", "chaos": ["gorilla:us-east-1@1s"], "services": [ { "name": "db", "package": "store", "count": 1, "regions": 1 } ] }""", "chaos[0] \"gorilla:us-east-1@1s\": \"us-east-1\" is not a zone")]
    public async Task BadArchitectureFilesSayWhatAndWhere(string json, string expected)
    {
        var (outcome, file, dir) = await Run(json);
        Assert.Equal(2, outcome.ExitCode);
        var line = Assert.Single(outcome.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("spigo: "));
        Assert.StartsWith($"spigo: {file}", line);
        Assert.Contains(expected, line);
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir));
    }

    [Fact]
    public async Task AGoodFileRunsAndExtraFieldsAreIgnored()
    {
        var (outcome, _, dir) = await Run(Good);
        Assert.True(outcome.ExitCode == 0, outcome.Err);
        Assert.Contains("spigo: shop complete: 6 nanoservices", outcome.Out);
        Assert.True(File.Exists(Path.Combine(dir, "shop.json")));
    }

    [Fact]
    public async Task FaultsInTheFileAreInjectedLikeChaosFlags()
    {
        var file = Path.Combine(TempDir.Create(), "arch.json");
        await File.WriteAllTextAsync(file, Good.Replace("\"victim\": \"\",", "\"victim\": \"\", \"chaos\": [\"monkey:app@1s\"],", StringComparison.Ordinal));
        var outcome = await CliRunner.Run("-a", file, "-d", "3", "--rate", "20ms", "-u", "200ms", "-o", TempDir.Create());
        Assert.True(outcome.ExitCode == 0, outcome.Err);
        Assert.Contains("--chaos stopped 1 nanoservice,", outcome.Out);
        // The phase starts when the monkey has struck, which a loaded machine can make a little later than asked.
        Assert.Matches(@"spigo: phase monkey app from 1\.[0-4]s", outcome.Out);

        // A fault after the traffic's end is a mistake the file made.
        var late = await CliRunner.Run("-a", file, "-d", "1", "-o", TempDir.Create());
        Assert.Equal(2, late.ExitCode);
        Assert.Contains("spigo: the file's chaos monkey:app: at 1s, but the traffic lasts 1s", late.Err);
    }

    [Fact]
    public async Task UnknownArchitectureNameListsTheChoices()
    {
        var outcome = await CliRunner.Run("-a", "pirateship", "-d", "0");
        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("unknown architecture; choose one of fsm, lamp, migration, netflix, netflixoss, storage", outcome.Err);
    }
}
