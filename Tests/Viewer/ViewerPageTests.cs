using Microsoft.Playwright;
using Spigo.Client.Cli;
using Spigo.Client.Output;
using Spigo.Edda;
using Spigo.Gotocol;
using Spigo.Tests.Cluster;

namespace Spigo.Tests.Viewer;

/// <summary>The viewer page in a real headless Chromium against the viewer endpoints of a running cluster.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ViewerPageTests(ClusterFixture fixture) : ViewerPageTest(fixture)
{
    private static GotocolMessage Node(string name, string package) => GotocolMessage.Create(Imposition.Hello, null, Intention.Pair(name, package));

    [Fact]
    public async Task LiveRunShowsEddasNodesAndNodesAddedLaterWithoutAReload()
    {
        var key = "viewer-" + Guid.NewGuid().ToString("N");
        var edda = Fixture.Client.GetEdda(key);
        string Pirate(int i) => $"fsm.us-east-1.zoneA.pirate.pirate.pirate{i}";
        await edda.Record([.. Enumerable.Range(0, 40).Select(i => Node(Pirate(i), "pirate"))]);
        await edda.Record([.. Enumerable.Range(1, 39).Select(i => GotocolMessage.Create(Imposition.Inform, null, Intention.Pair(Pirate(0), Pirate(i))))]);
        await Fixture.Client.GetGrain<IEddaIndex>(0).Add(new EddaRun(key, "fsm", DateTime.UtcNow));

        await Page.GotoAsync(new Uri(Url, $"?run={key}").ToString());
        await WaitFor("spigo.nodes()", await edda.Count() - 39);
        await WaitFor("spigo.drawnNodes()", 40);
        await WaitFor("spigo.drawnEdges()", 39);
        Assert.Equal("40", await Page.GetAttributeAsync("#count", "data-nodes"));

        // Recorded after the page loaded: it arrives over the stream, no reload.
        await edda.Record([Node(Pirate(40), "pirate"), GotocolMessage.Create(Imposition.Inform, null, Intention.Pair(Pirate(40), Pirate(1)))]);
        await WaitFor("spigo.drawnNodes()", 41);
        await WaitFor("spigo.edges()", 40);
        await edda.Record([GotocolMessage.Create(Imposition.Goodbye, null, Intention.Pair(Pirate(3), "normal"))]);
        await WaitFor("spigo.done()", 1);

        // Paused, the picture stays while new entries wait; scrolled back it shrinks; Live catches up.
        await Page.ClickAsync("#play");
        await edda.Record([Node(Pirate(41), "pirate")]);
        await WaitFor("spigo.logged()", await edda.Count());
        Assert.Equal(41, await Eval("spigo.nodes()"));
        await Page.EvaluateAsync("spigo.seek(spigo.start() - 1)");
        await WaitFor("spigo.nodes()", 0);
        await Page.ClickAsync("#live");
        await WaitFor("spigo.nodes()", 42);

        // Filters and the service level redraw from the same data; pirates have no tiers, so the force layout draws them.
        Assert.Equal("force", await Page.EvaluateAsync<string>("spigo.layout()"));
        await Page.SelectOptionAsync("#service", "pirate");
        await WaitFor("spigo.drawnNodes()", 42);
        await Page.SelectOptionAsync("#level", "service");
        await WaitFor("spigo.drawnNodes()", 1);
        AssertNoConsoleErrors();
    }

    /// <summary>spigo prints the viewer's address before its run is registered: a page opened then follows the run once it is.</summary>
    [Fact]
    public async Task APageOpenedBeforeItsRunIsRegisteredFollowsItOnceItIs()
    {
        var key = "early-" + Guid.NewGuid().ToString("N");
        await Page.GotoAsync(new Uri(Url, $"?run={key}").ToString());
        var edda = Fixture.Client.GetEdda(key);
        await edda.Record([.. Enumerable.Range(0, 5).Select(i => Node($"fsm.us-east-1.zoneA.pirate.pirate.early{i}", "pirate"))]);
        Assert.Equal(0, await Eval("spigo.nodes()"));

        await Fixture.Client.GetGrain<IEddaIndex>(0).Add(new EddaRun(key, "fsm", DateTime.UtcNow));

        await WaitFor("spigo.nodes()", 5);
        Assert.Equal(key, await Page.InputValueAsync("#runs"));
        AssertNoConsoleErrors();
    }

    [Fact]
    public async Task NetflixOssRunRendersEveryNodeEddaRecordedAndASavedScreenshot()
    {
        var dir = TempDir.Create();
        // A name of its own: other tests run netflixoss on this shared cluster at the same time, and names are grain keys.
        var (arch, file) = await Metrics.UniqueArchitecture.WriteAsync("netflixoss", dir);
        var options = new SpigoOptions
        {
            Arch = file, Regions = 2, Duration = TimeSpan.FromSeconds(5), EurekaPoll = TimeSpan.FromMilliseconds(200),
            RequestInterval = TimeSpan.FromMilliseconds(2), GraphJson = true, Seed = 4, SeedGiven = true, OutputDirectory = dir,
            Timeout = TimeSpan.FromSeconds(30),
        };
        var started = DateTime.UtcNow;
        var plan = SimulationPlan.Create(options);
        var run = new Simulation(options, plan, new StringWriter(), new StringWriter(), false).RunOn(Fixture.Client, CancellationToken.None);
        // Other tests on this cluster register runs too: follow the one this run's driver registered.
        var mine = await EddaRuns.WaitForRun(Fixture.Client, arch, started);
        await Page.GotoAsync(new Uri(Url, $"?run={mine.Key}&level=instance").ToString());
        // Edda records every planned node before traffic starts: the page draws all of them while the run lasts.
        await WaitFor("spigo.drawnNodes()", plan.Architecture!.Nodes.Count);
        Assert.False(run.IsCompleted, "the run ended before the page had drawn it");
        Directory.CreateDirectory(Artifacts);
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Artifacts, "viewer-netflixoss-w2.png") });
        var drawnDuringRun = await Eval("spigo.drawnNodes()");
        var result = await run;

        var graph = GraphJsonReader.Read(Path.Combine(dir, arch + ".json"));
        Assert.True(result.Architecture!.Completed > 0);
        await WaitFor("spigo.nodes()", graph.Nodes.Count());
        Assert.Equal(graph.Nodes.Count(), drawnDuringRun);
        Assert.True(File.Exists(Path.Combine(Artifacts, "viewer-netflixoss-w2.png")));
        AssertNoConsoleErrors();
    }

    [Theory]
    [InlineData("2015-lamp-p6.json")]
    [InlineData("latest-lamp-p6.json")]
    public async Task GraphJsonFileFromTheOriginalRendersWithItsNodeCount(string file)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "examples", file);
        var graph = GraphJsonReader.Read(path);
        await Page.GotoAsync(Url.ToString());
        await Page.SetInputFilesAsync("#file", path);

        await WaitFor("spigo.nodes()", graph.Nodes.Count());
        await Page.SelectOptionAsync("#level", "instance");
        await WaitFor("spigo.drawnNodes()", graph.Nodes.Count());
        await WaitFor("spigo.edges()", graph.Edges.Count());
        AssertNoConsoleErrors();
    }

    [Fact]
    public async Task MigrationStepsAreSteppedThroughWithNextAndPrevious()
    {
        var dir = TempDir.Create();
        var counts = new List<int>();
        foreach (var step in new[] { 0, 5, 9 })
        {
            var outcome = await Cli.CliRunner.Run("-a", "migration", "-s", $"{step}", "-d", "0", "-j", "--seed", "2", "-o", dir);
            Assert.Equal(0, outcome.ExitCode);
            counts.Add(GraphJsonReader.Read(Path.Combine(dir, $"migration{step}.json")).Nodes.Count());
        }
        await Page.GotoAsync(Url.ToString());
        await Page.SetInputFilesAsync("#file", [.. new[] { 9, 0, 5 }.Select(s => Path.Combine(dir, $"migration{s}.json"))]);

        await WaitFor("spigo.nodes()", counts[0]);
        Assert.Equal("1/3", await Page.TextContentAsync("#step"));
        await Page.ClickAsync("#next");
        await WaitFor("spigo.nodes()", counts[1]);
        await Page.ClickAsync("#next");
        await WaitFor("spigo.nodes()", counts[2]);
        Assert.True(await Page.IsDisabledAsync("#next"));
        await Page.ClickAsync("#prev");
        await WaitFor("spigo.nodes()", counts[1]);
        AssertNoConsoleErrors();
    }

    [Fact]
    public async Task TwentyThousandNodesStartAggregatedByServiceAndStayResponsive()
    {
        var dir = TempDir.Create();
        var outcome = await Cli.CliRunner.Run("-a", "fsm", "-p", "20000", "-d", "0", "--no-chat", "-j", "--seed", "3", "-o", dir);
        Assert.Equal(0, outcome.ExitCode);
        await Page.GotoAsync(Url.ToString());
        await Page.SetInputFilesAsync("#file", Path.Combine(dir, "fsm.json"));

        await WaitFor("spigo.nodes()", 20000, seconds: 30);
        Assert.Equal("service", await Page.InputValueAsync("#level"));
        await WaitFor("spigo.drawnNodes()", 1);
        // Switched to every node by hand, the canvas draws all of them and the page still answers.
        await Page.SelectOptionAsync("#level", "instance");
        await WaitFor("spigo.drawnNodes()", 20000, seconds: 30);
        Assert.Equal(20000, await Eval("spigo.shown()"));
        AssertNoConsoleErrors();
    }

    [Fact]
    public async Task ABadFileIsReportedOnThePageNotThrown()
    {
        var path = Path.Combine(TempDir.Create(), "broken.json");
        await File.WriteAllTextAsync(path, "{\"arch\":\"x\"}");
        await Page.GotoAsync(Url.ToString());
        await Page.SetInputFilesAsync("#file", path);

        string? error = "";
        await Eventually.Within(TimeSpan.FromSeconds(10), async () => !string.IsNullOrEmpty(error = await Page.TextContentAsync("#error")));
        Assert.Equal("broken.json: not a GraphJSON file (no \"graph\" array)", error);
        AssertNoConsoleErrors();
    }
}
