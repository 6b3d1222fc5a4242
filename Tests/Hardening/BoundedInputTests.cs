using Spigo.Client.Output;
using Spigo.Tests.Cli;

namespace Spigo.Tests.Hardening;

/// <summary>Every number and duration is checked against what is behind it; files are read within a limit.</summary>
public class BoundedInputTests
{
    private static async Task AssertRefused(string expected, params string[] args)
    {
        var dir = TempDir.Create();
        var outcome = await CliRunner.Run([.. args, "-j", "-o", dir]);
        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal($"spigo: {expected}", outcome.Err.Trim());
        Assert.Equal("", outcome.Out);
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir));
    }

    [Theory]
    [InlineData("-u", "1200h", "-u 1200h: must be at most 1h")]
    [InlineData("-u", "0", "-u 0: must be at least 1ms")]
    [InlineData("--rate", "1000000h", "--rate 1000000h: must be at most 1h")]
    [InlineData("--rate", "-5ms", "--rate -5ms: not a duration (examples: 1s, 500ms, 2m)")]
    [InlineData("--timeout", "99999999h", "--timeout 99999999h: must be at most 24h")]
    [InlineData("--connect-timeout", "1000000h", "--connect-timeout 1000000h: must be at most 1h")]
    [InlineData("--connect-timeout", "1ns", "--connect-timeout 1ns: must be at least 100ms")]
    [InlineData("-p", "99999999999", "-p 99999999999: must be a whole number from 0 to 2147483647")]
    [InlineData("-d", "99999999999", "-d 99999999999: must be a whole number from 0 to 2592000")]
    [InlineData("--duration", "2592001", "--duration 2592001: must be a whole number from 0 to 2592000")]
    [InlineData("--seed", "99999999999", "--seed 99999999999: must be a whole number from -2147483648 to 2147483647")]
    [InlineData("--ui-port", "65536", "--ui-port 65536: must be a whole number from 0 to 65535")]
    [InlineData("-w", "0", "-w 0: must be a whole number from 1 to 6")]
    public async Task NumbersAndDurationsOutOfRangeGetOneLine(string flag, string value, string expected) =>
        await AssertRefused(expected, "-a", "fsm", flag, value);

    [Fact]
    public async Task ARunThatCannotFitInMemoryIsRefusedWithAnEstimate()
    {
        var dir = TempDir.Create();
        var outcome = await CliRunner.Run("-a", "fsm", "-p", "2000000000", "-d", "0", "-j", "-o", dir);
        Assert.Equal(2, outcome.ExitCode);
        Assert.Matches(@"^spigo: -p 2000000000: 2,000,000,000 pirates need about [\d.]+ GB of memory and this machine has [\d.]+ GB; run fewer, or on a cluster \(--cluster\)$", outcome.Err.Trim());

        var netflix = await CliRunner.Run("-a", "netflixoss", "-p", "2000000000", "-d", "0", "-j", "-o", dir);
        Assert.Equal(2, netflix.ExitCode);
        Assert.Matches(@"^spigo: -a netflixoss -p 2000000000 -w 1: [\d,]+ nanoservices with [\d,]+ dependency instances to learn need about [\d.]+ GB of memory", netflix.Err.Trim());
        // Few nodes, but each learns every instance of its dependencies: 1 million nodes, 152 billion instances to learn.
        var edges = await CliRunner.Run("-a", "netflixoss", "-p", "1600000", "-d", "0", "-j", "-o", dir);
        Assert.Equal(2, edges.ExitCode);
        Assert.StartsWith("spigo: -a netflixoss -p 1600000 -w 1: 1,008,002 nanoservices with 152,064,096,001 dependency instances to learn need about", edges.Err.Trim());
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir));
    }

    [Fact]
    public async Task AFileOverTheLimitIsRefusedWithoutReadingIt()
    {
        var file = Path.Combine(TempDir.Create(), "huge.json");
        // Sparse: 17 MB long, no disk used.
        using (var stream = File.Create(file)) stream.SetLength(InputFile.ArchitectureLimit + (1 << 20));
        await AssertRefused($"{file}: larger than 16 MB, the limit for this kind of file", "-a", file);
    }

    [Fact]
    public async Task ADirectoryGivenAsInputIsRefused()
    {
        var input = TempDir.Create();
        await AssertRefused($"{input}: is a directory, not a file", "-a", "fsm", "-r", input);
    }

    private const string Services = """
        [ { "name": "db", "package": "store", "count": 1, "regions": 1, "dependencies": [] },
          { "name": "www", "package": "denominator", "count": 0, "regions": 0, "dependencies": ["db"] } ]
        """;

    [Fact]
    public async Task AUtf8ByteOrderMarkIsAccepted()
    {
        var file = Path.Combine(TempDir.Create(), "bom.json");
        await File.WriteAllBytesAsync(file, [0xEF, 0xBB, 0xBF, .. System.Text.Encoding.UTF8.GetBytes($$"""{ "arch": "bom", "services": {{Services}} }""")]);
        var dir = TempDir.Create();
        var outcome = await CliRunner.Run("-a", file, "-d", "0", "-j", "-o", dir);
        Assert.Equal(0, outcome.ExitCode);
        Assert.StartsWith("spigo: bom complete: 2 nanoservices", outcome.Out);

        // A GraphJSON file written by another tool with a BOM reloads too.
        var graph = Path.Combine(TempDir.Create(), "fsm.json");
        await File.WriteAllBytesAsync(graph, [0xEF, 0xBB, 0xBF, .. File.ReadAllBytes(Path.Combine(dir, "bom.json"))]);
        var reloaded = await CliRunner.Run("-a", "bom", "-r", graph, "-d", "0", "-g", "-o", dir);
        Assert.Equal(0, reloaded.ExitCode);
    }

    [Theory]
    [InlineData("""{ "arch": "a", "arch": "b", "services": [] }""", ":1:")]
    [InlineData("""{ "arch": "d", "services": [ { "name": "db", "name": "db2", "package": "store", "count": 1, "regions": 1 } ] }""", ":1:")]
    [InlineData("""{ "arch": "d", "services": [ { "name": "db", "package": "store", "count": 1000001, "regions": 1 } ] }""", "services[0] \"db\": \"count\" is 1000001; it must be a whole number from 0 to 1000000")]
    [InlineData("""{ "arch": "d", "services": [ { "name": "db", "package": "store", "count": 1e300, "regions": 1 } ] }""", "services[0] \"db\": \"count\" is 1e300; it must be a whole number from 0 to 1000000")]
    [InlineData("""{ "arch": "d", "services": [ { "name": "db", "package": "store", "count": 1, "regions": 7 } ] }""", "services[0] \"db\": \"regions\" is 7; it must be a whole number from 0 to 6")]
    [InlineData("""{ "arch": "d", "services": [ { "name": "db", "package": "store", "count": 1, "regions": -1 } ] }""", "services[0] \"db\": \"regions\" is -1; it must be a whole number from 0 to 6")]
    [InlineData("""{ "arch": "./", "services": [ { "name": "db", "package": "store", "count": 1, "regions": 1 } ] }""", "\"arch\" \"./\" has no character a name can use")]
    public async Task DuplicateKeysAndOutOfRangeFieldsAreErrors(string json, string expected)
    {
        var file = Path.Combine(TempDir.Create(), "arch.json");
        await File.WriteAllTextAsync(file, json);
        var dir = TempDir.Create();
        var outcome = await CliRunner.Run("-a", file, "-d", "0", "-j", "-o", dir);
        Assert.Equal(2, outcome.ExitCode);
        Assert.StartsWith($"spigo: {file}", outcome.Err.Trim());
        Assert.Contains(expected, outcome.Err);
        if (expected == ":1:") Assert.Contains("Duplicate property", outcome.Err);
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir));
    }

    [Fact]
    public async Task ARateLongerThanTheRunDoesNotStretchIt()
    {
        // One request an hour in a one-second run: the run ends after its second (the limit detects a hang).
        var outcome = await CliRunner.Run("-a", "storage", "-d", "1", "--rate", "1h", "--seed", "1", "-o", TempDir.Create()).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Matches(@"^spigo: storage (complete|FAILED): 6 nanoservices, [01] requests", outcome.Out);
    }

    [Fact]
    public async Task ControlCharactersInInputAreShownEscapedOnOneLine()
    {
        var dir = TempDir.Create();
        var outcome = await CliRunner.Run("-a", "x\u001b[31my\nz.json", "-d", "0", "-j", "-o", dir);
        Assert.Equal(2, outcome.ExitCode);
        var line = Assert.Single(outcome.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("spigo: -a x\\u001b[31my\\u000az.json: file not found", line);
        Assert.DoesNotContain('\u001b', outcome.Err);
    }

    [Fact]
    public async Task ANameTooLongForAFileIsRefusedBeforeTheRun()
    {
        var file = Path.Combine(TempDir.Create(), "long.json");
        var arch = new string('a', 101);
        await File.WriteAllTextAsync(file, $$"""{ "arch": "{{arch}}", "services": {{Services}} }""");
        await AssertRefused($"{file}: \"arch\" is longer than 100 characters", "-a", file);
    }

    [Fact]
    public async Task ADirectoryGivenAsArchitectureIsSaidToBeOne()
    {
        var input = TempDir.Create();
        await AssertRefused($"-a {input}: is a directory, not an architecture file", "-a", input);
    }
}
