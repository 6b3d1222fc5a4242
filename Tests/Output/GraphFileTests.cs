using System.Text.Json;
using System.Xml.Linq;
using Spigo.Client.Output;
using Spigo.Edda;

namespace Spigo.Tests.Output;

public class GraphFileTests
{
    private static readonly DateTime T0 = new(2026, 11, 27, 23, 45, 35, DateTimeKind.Utc);

    private static GraphDocument Sample() => new("fsm", GraphDocument.CurrentVersion, "[spigo -a fsm]", T0,
    [
        EddaEntry.Node("fsm.*.*.pirate.pirate.Pirate1", "pirate", T0),
        EddaEntry.Node("fsm.*.*.pirate.pirate.Pirate2", "pirate", T0.AddTicks(1234567)),
        EddaEntry.Edge("e1", "fsm.*.*.pirate.pirate.Pirate1", "fsm.*.*.pirate.pirate.Pirate2", T0.AddSeconds(1)),
        EddaEntry.Node("fsm.*.*.pirate.pirate.\"Quoted\\Pirate", "pirate", T0.AddSeconds(2)),
        EddaEntry.Edge("e2", "fsm.*.*.pirate.pirate.Pirate2", "fsm.*.*.pirate.pirate.\"Quoted\\Pirate", T0.AddSeconds(2)),
        EddaEntry.Done("fsm.*.*.pirate.pirate.Pirate1", "normal", T0.AddSeconds(3)),
    ]);

    [Fact]
    public void GraphJsonIsValidJsonInSpigosLayout()
    {
        var stream = new MemoryStream();
        GraphJsonWriter.Write(Sample(), stream);
        var text = System.Text.Encoding.UTF8.GetString(stream.ToArray());
        using var json = JsonDocument.Parse(text);
        Assert.Equal("fsm", json.RootElement.GetProperty("arch").GetString());
        var graph = json.RootElement.GetProperty("graph");
        Assert.Equal(6, graph.GetArrayLength());
        Assert.Contains("\n    {\"node\":\"fsm.*.*.pirate.pirate.Pirate1\",\"package\":\"pirate\",\"timestamp\":\"2026-11-27T23:45:35.0000000Z\"},\n", text);
        Assert.Contains("{\"edge\":\"e1\",\"source\":\"fsm.*.*.pirate.pirate.Pirate1\",\"target\":\"fsm.*.*.pirate.pirate.Pirate2\",", text);
        Assert.Contains("{\"done\":\"fsm.*.*.pirate.pirate.Pirate1\",\"exit\":\"normal\",", text);
    }

    [Fact]
    public void GraphJsonWriteThenReadGivesTheSameEntries()
    {
        var stream = new MemoryStream();
        GraphJsonWriter.Write(Sample(), stream);
        var back = GraphJsonReader.Parse(stream.ToArray(), "sample.json");
        Assert.Equal(Sample().Entries, back.Entries);
        Assert.Equal("[spigo -a fsm]", back.Args);
    }

    /// <summary>
    /// What the original spigo's reader (its 2015 build and its latest source alike) takes: a "version" of spigo-0.3 or
    /// spigo-0.4 (it stops at any other), a header and elements whose values are all strings (Go structs of strings),
    /// elements with the keys it knows, nodes with a package and edges with an id, a source and a target.
    /// </summary>
    [Fact]
    public void GraphJsonFollowsTheOriginalReadersRules()
    {
        var stream = new MemoryStream();
        GraphJsonWriter.Write(Sample(), stream);
        using var json = JsonDocument.Parse(stream.ToArray());
        var root = json.RootElement;
        Assert.Contains(root.GetProperty("version").GetString(), new[] { "spigo-0.3", "spigo-0.4" });
        foreach (var header in new[] { "arch", "version", "args", "date" }) Assert.Equal(JsonValueKind.String, root.GetProperty(header).ValueKind);
        Assert.Equal("spigo-orleans-0.1", root.GetProperty("generator").GetString());
        string[] known = ["node", "package", "service", "edge", "source", "target", "forget", "done", "exit", "metadata", "timestamp"];
        foreach (var element in root.GetProperty("graph").EnumerateArray())
        {
            foreach (var field in element.EnumerateObject())
            {
                Assert.Contains(field.Name, known);
                Assert.Equal(JsonValueKind.String, field.Value.ValueKind);
            }
            if (element.TryGetProperty("node", out _)) Assert.NotEmpty(element.GetProperty("package").GetString()!);
            if (element.TryGetProperty("edge", out var edge))
            {
                Assert.Matches("^e[0-9]+$", edge.GetString()!);
                Assert.NotEmpty(element.GetProperty("source").GetString()!);
                Assert.NotEmpty(element.GetProperty("target").GetString()!);
            }
        }
    }

    [Fact]
    public void EmptyGraphIsStillValidJson()
    {
        var stream = new MemoryStream();
        GraphJsonWriter.Write(new GraphDocument("fsm", "v", "[]", T0, []), stream);
        using var json = JsonDocument.Parse(stream.ToArray());
        Assert.Equal(0, json.RootElement.GetProperty("graph").GetArrayLength());
    }

    [Theory]
    [InlineData("2015-lamp-p6.json")]
    [InlineData("latest-lamp-p6.json")]
    public void ReadsTheOriginalSpigoLayouts(string file)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "examples", file);
        var lines = File.ReadAllLines(path);
        var document = GraphJsonReader.Read(path);
        Assert.Equal("lamp", document.Arch);
        Assert.Equal(lines.Count(l => l.TrimStart().StartsWith("{\"node\"")), document.Nodes.Count());
        Assert.Equal(lines.Count(l => l.TrimStart().StartsWith("{\"edge\"")), document.Edges.Count());
        Assert.Equal(lines.Count(l => l.TrimStart().StartsWith("{\"done\"")), document.Done.Count());
        Assert.Contains(document.Nodes, n => n.Package == "denominator");
    }

    [Fact]
    public void GraphMlDeclaresEveryKeyAndNodeItUses()
    {
        var stream = new MemoryStream();
        GraphMlWriter.Write(Sample(), stream);
        stream.Position = 0;
        var xml = XDocument.Load(stream);
        XNamespace ns = "http://graphml.graphdrawing.org/xmlns";
        Assert.Equal(ns + "graphml", xml.Root!.Name);
        var keys = xml.Root.Elements(ns + "key").ToDictionary(k => (string)k.Attribute("id")!, k => (string)k.Attribute("for")!);
        var graph = xml.Root.Element(ns + "graph")!;
        Assert.Equal("directed", (string?)graph.Attribute("edgedefault"));
        var nodes = graph.Elements(ns + "node").Select(n => (string)n.Attribute("id")!).ToHashSet();
        Assert.Equal(3, nodes.Count);
        foreach (var data in xml.Descendants(ns + "data"))
        {
            var key = (string)data.Attribute("key")!;
            Assert.True(keys.ContainsKey(key), $"data key {key} is not declared");
            Assert.Equal(data.Parent!.Name.LocalName, keys[key]);
        }
        var edges = graph.Elements(ns + "edge").ToList();
        Assert.Equal(2, edges.Count);
        Assert.All(edges, e => Assert.True(nodes.Contains((string)e.Attribute("source")!) && nodes.Contains((string)e.Attribute("target")!)));
        Assert.Equal("normal", graph.Elements(ns + "node").Single(n => (string)n.Attribute("id")! == "fsm.*.*.pirate.pirate.Pirate1")
            .Elements(ns + "data").Single(d => (string)d.Attribute("key")! == "exit").Value);
    }

    [Fact]
    public void AtomicWriteLeavesNoFileWhenTheWriterFails()
    {
        var dir = TempDir.Create();
        var path = Path.Combine(dir, "fsm.json");
        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, s =>
        {
            s.WriteByte((byte)'{');
            throw new InvalidOperationException("disk full");
        }));
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir));
    }
}
