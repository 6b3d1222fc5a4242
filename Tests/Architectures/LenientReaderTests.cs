using System.Text;
using Spigo.Client.Architectures;
using Spigo.Tests.Cli;

namespace Spigo.Tests.Architectures;

/// <summary>The reader takes Go's zero values where spigo's did, and only there: every other check still stops the file.</summary>
public class LenientReaderTests
{
    private static ArchitectureDefinition Parse(string json) => ArchitectureReader.Parse(Encoding.UTF8.GetBytes(json), "x.json");

    private static string ErrorOf(string json) => Assert.Throws<ArchitectureException>(() => Parse(json)).Message;

    private static List<string> Names(string json) => [.. Asgard.Create(Parse(json), 100, 1).Nodes.Select(n => n.FullName)];

    [Fact]
    public void AServiceWithoutRegionsIsOneGlobalNode()
    {
        // simpleV2's and composeV2's denominators have no "regions".
        var names = Names("""
            { "arch": "shop", "services": [
              { "name": "app", "package": "monolith", "count": 3, "regions": 1, "dependencies": null },
              { "name": "www", "package": "denominator", "count": 0, "dependencies": ["app"] } ] }
            """);
        Assert.Equal(["shop.us-east-1.zoneA.app.monolith.app0", "shop.us-east-1.zoneB.app.monolith.app1", "shop.us-east-1.zoneC.app.monolith.app2",
            "shop.*.*.www.denominator.www0"], names);
    }

    [Fact]
    public void AMissingOrNullCountIsZeroAndANullRegionsIsZero()
    {
        var definition = Parse("""
            { "arch": "shop", "services": [
              { "name": "db", "package": "store", "regions": 1 },
              { "name": "cache", "package": "store", "count": null, "regions": 1 },
              { "name": "www", "package": "denominator", "count": 4, "regions": null, "dependencies": ["db", "cache"] } ] }
            """);
        Assert.Equal([(0, 1), (0, 1), (4, 0)], definition.Services.Select(s => (s.Count, s.Regions)));
        Assert.Equal(["shop.us-east-1.*.db.store.db0", "shop.us-east-1.*.cache.store.cache0", "shop.*.*.www.denominator.www0"],
            Asgard.Create(definition, 100, 1).Nodes.Select(n => n.FullName));
    }

    [Fact]
    public void NullDependenciesAreNone()
    {
        var definition = Parse("""
            { "arch": "shop", "services": [ { "name": "db", "package": "store", "count": 1, "regions": 1, "dependencies": null },
              { "name": "www", "package": "denominator", "dependencies": ["db"] } ] }
            """);
        Assert.Empty(definition.Services[0].Dependencies);
        Assert.Equal(["db"], definition.Services[1].Dependencies);
    }

    [Theory]
    [InlineData("simpleV2.yml", "simpleV2-yml")]
    [InlineData("../compose/compose_yaml/test.yml", "compose-compose_yaml-test-yml")]
    [InlineData("a b\t|c*", "a-b-c")]
    [InlineData("lamp", "lamp")]
    [InlineData("web-shop", "web-shop")]
    public void AnArchThatCannotBeANamePartBecomesOne(string arch, string name) =>
        Assert.Equal(name, Parse($$"""{ "arch": {{System.Text.Json.JsonSerializer.Serialize(arch)}}, "services": [ { "name": "www", "package": "denominator" } ] }""").Arch);

    [Theory]
    [InlineData("""{ "arch": "../..", "services": [ { "name": "www", "package": "denominator" } ] }""", "x.json: \"arch\" \"../..\" has no character a name can use")]
    [InlineData("""{ "arch": "shop", "services": [ { "name": "db", "package": "store", "count": 1, "regions": "one" } ] }""", "x.json: services[0] \"db\": \"regions\" is \"one\"; it must be a whole number from 0 to 6")]
    [InlineData("""{ "arch": "shop", "services": [ { "name": "db", "package": "store", "count": 1, "regions": 7 } ] }""", "x.json: services[0] \"db\": \"regions\" is 7; it must be a whole number from 0 to 6")]
    [InlineData("""{ "arch": "shop", "services": [ { "name": "db", "package": "store", "count": true } ] }""", "x.json: services[0] \"db\": \"count\" is true; it must be a whole number from 0 to 1000000")]
    [InlineData("""{ "arch": "shop", "services": [ { "name": "db", "package": "store", "dependencies": "www" } ] }""", "x.json: services[0] \"db\": \"dependencies\" must be an array of service names")]
    [InlineData("""{ "arch": "shop", "services": [ { "name": "db", "package": "store", "dependencies": null }, { "name": "www", "package": "denominator", "dependencies": ["app"] } ] }""", "x.json: services[1] \"www\": unknown dependency \"app\"")]
    [InlineData("""{ "arch": "shop", "services": [ { "name": "www", "package": "denominator" }, { "name": "www", "package": "elb" } ] }""", "x.json: services[1]: duplicate service name \"www\"")]
    [InlineData("""{ "arch": "shop", "services": [ { "name": "web.1", "package": "monolith" } ] }""", "x.json: services[0] \"web.1\": \"name\" \"web.1\" contains '.'")]
    [InlineData("""{ "arch": "shop", "services": [ { "name": "www", "package": "denominator" } ], "arch": "again" }""", "x.json:1:1: malformed JSON: Duplicate property 'arch' encountered during deserialization.")]
    public void EveryOtherCheckStillSaysWhatAndWhere(string json, string line) => Assert.Equal(line, ErrorOf(json));

    [Fact]
    public void AnArchTooLongForANameIsRefused() =>
        Assert.Equal("x.json: \"arch\" is longer than 100 characters",
            ErrorOf($$"""{ "arch": "{{new string('a', 60)}}.{{new string('b', 60)}}", "services": [ { "name": "www", "package": "denominator" } ] }"""));

    [Fact]
    public async Task OutputFilesAreNamedAfterTheNamePart()
    {
        var file = Path.Combine(TempDir.Create(), "simpleV2_arch.json");
        await File.WriteAllTextAsync(file, """
            { "arch": "simpleV2.yml", "services": [
              { "name": "app", "package": "monolith", "count": 3, "regions": 1, "dependencies": null },
              { "name": "www", "package": "denominator", "count": 0, "dependencies": ["app"] } ] }
            """);
        var dir = TempDir.Create();
        var outcome = await CliRunner.Run("-a", file, "-d", "0", "-j", "-g", "-o", dir);
        Assert.True(outcome.ExitCode == 0, outcome.Err);
        Assert.Contains("spigo: simpleV2-yml complete: 4 nanoservices", outcome.Out);
        Assert.Equal(["simpleV2-yml.graphml", "simpleV2-yml.json"], Directory.EnumerateFiles(dir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        var graph = Client.Output.GraphJsonReader.Read(Path.Combine(dir, "simpleV2-yml.json"));
        Assert.Contains(graph.Nodes, n => n.Name == "simpleV2-yml.*.*.www.denominator.www0");
    }
}
