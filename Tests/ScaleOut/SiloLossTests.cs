using Orleans.TestingHost;
using Spigo.Client.Output;
using Spigo.Gotocol;

namespace Spigo.Tests.ScaleOut;

/// <summary>
/// One silo of three stops in the middle of a run, one that holds a copy of Edda: the run must end cleanly, say exactly
/// what was lost, heal, and still write its whole record.
/// </summary>
[Collection(AloneCollection.Name)]
public sealed class SiloLossTests : IAsyncLifetime
{
    private readonly InProcessTestCluster _cluster = ThreeSilos.Build();

    public async ValueTask InitializeAsync() => await _cluster.DeployAsync();

    public async ValueTask DisposeAsync() => await _cluster.DisposeAsync();

    /// <summary>The class name of a grain type as the management grain reports it ("Namespace.Class,Assembly").</summary>
    private static string TypeName(SimpleGrainStatistic s) => s.GrainType.Split(',')[0].Split('.')[^1];

    /// <summary>Whether the run's log has a line containing <paramref name="text"/> (the log writes under a lock on the writer).</summary>
    private static bool Logged(StringWriter log, string text) => Logged(log).Contains(text, StringComparison.Ordinal);

    private static string Logged(StringWriter log)
    {
        lock (log) return log.ToString();
    }

    private static bool IsPirate(SimpleGrainStatistic s) => TypeName(s) == "Pirate";

    /// <summary>Whether a silo's grains include a copy of a run's Edda (keys run|silo).</summary>
    private static bool HoldsEdda(IEnumerable<string> grains) => grains.Any(g => g.StartsWith("edda:", StringComparison.Ordinal) && g.Contains('|', StringComparison.Ordinal));

    [Fact]
    public async Task FsmRunSurvivesLosingASiloAndReportsThePiratesItHeld()
    {
        const int pirates = 600;
        var dir = TempDir.Create();
        var options = ThreeSilos.Options("fsm", pirates, 4, dir);
        var run = ThreeSilos.Run(options, _cluster.Client);

        // Wait for setup, then stop a silo that holds pirates and one of Edda's two copies, but not the primary role.
        var management = _cluster.Client.GetGrain<IManagementGrain>(0);
        Assert.True(await Eventually.Within(TimeSpan.FromSeconds(30), async () =>
            (await management.GetSimpleGrainStatistics()).Where(IsPirate).Sum(s => s.ActivationCount) >= pirates), "the pirates were not all set up within 30 s");
        var bySilo = await Placement.NanoservicesBySilo(_cluster, "fsm");
        var victim = _cluster.Silos.Skip(1).First(s => HoldsEdda(bySilo[s.SiloAddress]));
        var held = bySilo[victim.SiloAddress].Count(n => n.StartsWith("fsm.", StringComparison.Ordinal));
        Assert.True(held > 0);
        await _cluster.StopSiloAsync(victim);

        var result = await run.WaitAsync(TimeSpan.FromSeconds(90));
        var fsm = result.Fsm!;

        // Every pirate answered Goodbye (none left to the timeout); exactly those the stopped silo held came back empty.
        Assert.Empty(fsm.Missing);
        Assert.Equal(pirates, fsm.Goodbyes);
        Assert.Equal(held, fsm.Lost.Count);
        Assert.False(fsm.GoldConserved);
        Assert.True(fsm.GoldReported < fsm.GoldGiven, "the lost pirates' gold cannot have been reported");

        // Edda recorded each loss as a done entry with its reason.
        // Edda's record survived losing one of its copies: every pirate, and a done entry for each.
        var graph = GraphJsonReader.Read(Path.Combine(dir, "fsm.json"));
        Assert.Equal(pirates, graph.Nodes.Count());
        Assert.Equal(pirates, graph.Done.Count());
        var lostDone = graph.Done.Where(d => d.Exit == GoodbyeReport.LostExit).Select(d => d.Name).ToHashSet();
        Assert.Equal(fsm.Lost.ToHashSet(), lostDone);
        Assert.Equal(pirates - held, graph.Done.Count(d => d.Exit == "normal"));

        // A lost pirate called again comes back on a surviving silo.
        var lost = fsm.Lost[0];
        var state = await _cluster.Client.GetNanoservice(lost).AsReference<IPirate>().Inspect();
        Assert.Equal(lost, state.Name);
        var address = await management.GetActivationAddress(_cluster.Client.GetNanoservice(lost).AsReference<IPirate>());
        Assert.NotNull(address);
        Assert.NotEqual(victim.SiloAddress, address);
        Assert.Contains(address, _cluster.Silos.Select(s => s.SiloAddress));
    }

    [Fact]
    public async Task TheViewerReportsThePiratesALostSiloTookAndDrawsThemRed()
    {
        const int pirates = 600;
        await using var viewer = await Viewer.ViewerHost.StartAsync(_cluster.Client);   // its meter listener makes the silos count
        var (playwright, browser) = await Viewer.Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync();
        await page.AddInitScriptAsync("window.__spigoTest = true");
        var errors = new List<string>();
        page.PageError += (_, e) => { lock (errors) errors.Add(e); };
        var started = DateTime.UtcNow;
        var run = ThreeSilos.Run(ThreeSilos.Options("fsm", pirates, 7, TempDir.Create()), _cluster.Client);

        var record = await Viewer.EddaRuns.WaitForRun(_cluster.Client, "fsm", started, seconds: 30);
        await page.GotoAsync(new Uri(viewer.Url, $"?run={record.Key}").ToString());
        async Task Until(string expression, string what)
        {
            if (await Eventually.Within(TimeSpan.FromSeconds(20), () => page.EvaluateAsync<bool>(expression))) return;
            Assert.Fail($"{what} within 20 s; counters seen: {await page.EvaluateAsync<string>("JSON.stringify(spigo.traffic())")}");
        }
        await Until($"spigo.nodes() === {pirates}", "the page did not list every pirate");

        // Once the silos count every pirate alive, stop a non-primary silo that holds some.
        var management = _cluster.Client.GetGrain<IManagementGrain>(0);
        Assert.True(await Eventually.Within(TimeSpan.FromSeconds(30), async () =>
            (await management.GetSimpleGrainStatistics()).Where(IsPirate).Sum(s => s.ActivationCount) >= pirates), "the pirates were not all set up within 30 s");
        var bySilo = await Placement.NanoservicesBySilo(_cluster, "fsm");
        var victim = _cluster.Silos.Skip(1).First(s => bySilo[s.SiloAddress].Any(n => n.StartsWith("fsm.", StringComparison.Ordinal)));
        var held = bySilo[victim.SiloAddress].Count(n => n.StartsWith("fsm.", StringComparison.Ordinal));
        await _cluster.StopSiloAsync(victim);

        // While the run lasts the strip says how many pirates no silo counts alive; at the end Edda records them lost.
        await Until("document.querySelector(\"#events li[data-kind='lost'][data-service='pirate']\") !== null", "no lost pirates in the event strip");
        Assert.Contains($"pirate: {held} of {pirates} not alive", await page.TextContentAsync("#events li[data-kind='lost']"), StringComparison.Ordinal);
        var fsm = (await run.WaitAsync(TimeSpan.FromSeconds(90))).Fsm!;
        Assert.Equal(held, fsm.Lost.Count);
        await Until($"spigo.gone() === {held}", "the lost pirates are not all red");
        await page.SelectOptionAsync("#level", "instance");
        await Until($"spigo.view().filter(v => v.red).length === {held}", "the lost pirates are not drawn red");
        lock (errors) Assert.Empty(errors);
    }

    [Fact]
    public async Task NetflixOssHealsAfterLosingTheSiloOfAZone()
    {
        var dir = TempDir.Create();
        var options = ThreeSilos.Options("netflixoss", 100, 10, dir) with { RequestInterval = TimeSpan.FromMilliseconds(2), Verify = true };
        var log = new StringWriter();
        var run = ThreeSilos.Run(options, _cluster.Client, log);

        // Once traffic flows (the driver logs its start), note what each silo holds and stop a non-primary silo without Edda.
        Assert.True(await Eventually.Within(TimeSpan.FromSeconds(30), () => Logged(log, "netflixoss: Denominator traffic for") || run.IsCompleted)
            && !run.IsCompleted, "traffic did not start within 30 s");
        var held = await Placement.NanoservicesBySilo(_cluster, "netflixoss");
        var victim = _cluster.Silos.Skip(1).First(s => HoldsEdda(held[s.SiloAddress]));
        var lostZone = held[victim.SiloAddress].Where(n => !n.Contains(':', StringComparison.Ordinal)).ToHashSet();
        Assert.NotEmpty(lostZone);
        await _cluster.StopSiloAsync(victim);

        var result = await run.WaitAsync(TimeSpan.FromSeconds(120));
        var a = result.Architecture!;
        // Exact accounting: lost is what the stopped silo held, no more (no duplicate activations), no less — but for the
        // chaos monkey's victim, which left on purpose before the end.
        Assert.Empty(a.Missing);
        var heldThen = lostZone.ToHashSet();
        if (a.ChaosVictim is { } chaos) lostZone.Remove(chaos);
        Assert.True(lostZone.SetEquals(a.Lost), $"held but not lost: {string.Join(", ", lostZone.Except(a.Lost))}; lost but not held: " +
            $"{string.Join(", ", a.Lost.Except(lostZone))}; held by silo: {string.Join(" | ", held.Select(kv => $"{kv.Key}: {string.Join(",", kv.Value.Order())}"))}");
        // The zone healed: its nanoservices were set up again on the surviving silos and traffic recovered.
        Assert.NotEmpty(a.Replaced);
        Assert.All(a.Replaced, name => Assert.Contains(name, heldThen));
        Assert.NotNull(a.Outage);
        Assert.True(a.Outage!.RecoveredAfterSeconds is not null, $"traffic did not recover: {log}");
        Assert.True(a.ReadBack!.Holds, $"read-your-writes broken for {string.Join(", ", a.ReadBack.Violations.Take(5))}: {Logged(log)}");

        // The whole record, though a copy of Edda went with the silo: every node, and a done entry for each (lost
        // registries have one too).
        var graph = GraphJsonReader.Read(Path.Combine(dir, "netflixoss.json"));
        Assert.Equal(a.Nodes, graph.Nodes.Count());
        Assert.Equal(a.Lost.ToHashSet(), graph.Done.Where(d => d.Exit == GoodbyeReport.LostExit).Select(d => d.Name).ToHashSet());
        Assert.Empty(graph.Nodes.Select(n => n.Name).Except(graph.Done.Select(d => d.Name)));
    }
}
