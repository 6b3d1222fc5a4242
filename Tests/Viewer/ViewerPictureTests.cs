using System.Text.Json;
using System.Xml.Linq;
using Microsoft.Playwright;
using Spigo.Client.Architectures;
using Spigo.Client.Cli;
using Spigo.Edda;
using Spigo.Gotocol;
using Spigo.Runs;
using Spigo.Tests.Cluster;

namespace Spigo.Tests.Viewer;

/// <summary>
/// What the picture says: tiers, zone boxes, legend and labels of a netflixoss run; the side panel's figures against the
/// run's counters; faults in red and in the event strip; replay by timestamp; export; frame rates of large graphs.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ViewerPictureTests(ClusterFixture fixture) : ViewerPageTest(fixture)
{
    private sealed record Run(string Arch, SimulationPlan Plan, Task<SimulationResult> Finished, EddaRun Record);

    /// <summary>Starts a netflixoss run under a name of its own (other tests run netflixoss on this cluster) and finds its Edda.</summary>
    private async Task<Run> StartNetflixOss(int regions, TimeSpan duration, params string[] chaos)
    {
        var dir = TempDir.Create();
        var (arch, file) = await Metrics.UniqueArchitecture.WriteAsync("netflixoss", dir);
        var options = new SpigoOptions
        {
            Arch = file, Regions = regions, Duration = duration, EurekaPoll = TimeSpan.FromMilliseconds(200),
            RequestInterval = TimeSpan.FromMilliseconds(2), GraphJson = true, Seed = 4, SeedGiven = true, OutputDirectory = dir, Timeout = TimeSpan.FromSeconds(30),
            Faults = [.. chaos.Select(c => Fault.TryParse(c, out var fault, out var error) ? fault : throw new ArgumentException(error, nameof(chaos)))],
        };
        var started = DateTime.UtcNow;
        var plan = SimulationPlan.Create(options);
        var finished = new Simulation(options, plan, new StringWriter(), new StringWriter(), false).RunOn(Fixture.Client, CancellationToken.None);
        var mine = await EddaRuns.WaitForRun(Fixture.Client, arch, started);
        return new Run(arch, plan, finished, mine);
    }

    /// <summary>Depth of each service by breadth-first search from the definition's root over its dependencies (itself left out).</summary>
    private static Dictionary<string, int> ExpectedTiers(ArchitecturePlan plan)
    {
        var present = plan.Nodes.Select(n => n.Name.Service).ToHashSet();
        var byName = plan.Definition.Services.ToDictionary(s => s.Name);
        var depth = new Dictionary<string, int> { [plan.Definition.Root.Name] = 0 };
        var queue = new Queue<string>([plan.Definition.Root.Name]);
        while (queue.TryDequeue(out var s))
        {
            foreach (var t in byName[s].Dependencies.Where(t => t != s && present.Contains(t) && !depth.ContainsKey(t)))
            {
                depth[t] = depth[s] + 1;
                queue.Enqueue(t);
            }
        }
        return depth;
    }

    private static JsonElement.ArrayEnumerator Items(JsonElement array) => array.EnumerateArray();

    [Fact]
    public async Task NetflixOssIsDrawnInTiersInsideZoneBoxesWithLegendLabelsAndPanelFiguresFromTheCounters()
    {
        var run = await StartNetflixOss(regions: 2, TimeSpan.FromSeconds(5));
        await Page.GotoAsync(new Uri(Url, $"?run={run.Record.Key}").ToString());
        var nodes = run.Plan.Architecture!.Nodes;
        await WaitFor("spigo.nodes()", nodes.Count);
        Assert.Equal("architecture", await Page.EvaluateAsync<string>("spigo.layout()"));
        Assert.Equal("service", await Page.EvaluateAsync<string>("spigo.level()"));

        // One node per service and zone, each in the tier its depth from the root says (edges arrive as Eureka is polled).
        var tiers = ExpectedTiers(run.Plan.Architecture);
        var groups = nodes.Select(n => $"{n.Name.Region}|{n.Name.Zone}|{n.Name.Service}").ToHashSet();
        JsonElement view = default;
        await WaitUntil(async () =>
        {
            view = await Json("spigo.view()");
            var ids = Items(view).Select(v => v.GetProperty("id").GetString()!).ToHashSet();
            if (!ids.SetEquals(groups)) return $"drawn {string.Join(", ", ids.Order())}; expected {string.Join(", ", groups.Order())}";
            var wrong = Items(view).Where(v => v.GetProperty("tier").GetInt32() != tiers[v.GetProperty("service").GetString()!]).Select(v => v.GetProperty("id").GetString()).ToList();
            return wrong.Count == 0 ? null : "in the wrong tier: " + string.Join(", ", wrong);
        }, seconds: 20);
        Assert.Equal(nodes.Count, Items(view).Sum(v => v.GetProperty("count").GetInt32()));

        // Left to right by tier, and inside the box of its region and zone.
        var placed = Items(view).Select(v => (Tier: v.GetProperty("tier").GetInt32(), X: v.GetProperty("x").GetDouble(), Y: v.GetProperty("y").GetDouble(),
            Region: v.GetProperty("region").GetString()!, Zone: v.GetProperty("zone").GetString()!, Id: v.GetProperty("id").GetString()!)).ToList();
        foreach (var a in placed)
        {
            Assert.All(placed.Where(b => b.Tier > a.Tier), b => Assert.True(a.X < b.X, $"{a.Id} (tier {a.Tier}) is not left of {b.Id} (tier {b.Tier})"));
        }
        var boxes = Items(await Json("spigo.boxes()")).ToList();
        foreach (var v in placed)
        {
            var zone = Assert.Single(boxes, b => b.GetProperty("kind").GetString() == "zone" && b.GetProperty("region").GetString() == v.Region && b.GetProperty("zone").GetString() == v.Zone);
            var (x, y, w, h) = (zone.GetProperty("x").GetDouble(), zone.GetProperty("y").GetDouble(), zone.GetProperty("w").GetDouble(), zone.GetProperty("h").GetDouble());
            Assert.True(v.X > x && v.X < x + w && v.Y > y && v.Y < y + h, $"{v.Id} at ({v.X}, {v.Y}) is outside its zone box");
            var region = Assert.Single(boxes, b => b.GetProperty("kind").GetString() == "region" && b.GetProperty("region").GetString() == v.Region);
            Assert.True(y >= region.GetProperty("y").GetDouble() && y + h <= region.GetProperty("y").GetDouble() + region.GetProperty("h").GetDouble());
        }

        // A legend entry and a label for every service.
        var services = nodes.Select(n => n.Name.Service).Distinct().Order().ToList();
        Assert.Equal(services, (await Page.EvaluateAsync<string[]>("[...document.querySelectorAll('#legend li[data-name]')].map(li => li.dataset.name)")).Order());
        await WaitUntil(async () =>
        {
            var labelled = Items(await Json("spigo.labelled()")).Select(l => l.GetString()!).ToHashSet();
            return labelled.SetEquals(groups) ? null : $"labelled {labelled.Count} of {groups.Count}";
        });

        // One node per service, each labelled, in one box for all regions and zones.
        await Page.SelectOptionAsync("#level", "services");
        await WaitUntil(async () =>
        {
            var labelled = Items(await Json("spigo.labelled()")).Select(l => l.GetString()!).Order().ToList();
            return labelled.SequenceEqual(services) ? null : $"labelled {string.Join(", ", labelled)}";
        });
        Assert.Equal(nodes.Count, Items(await Json("spigo.view()")).Sum(v => v.GetProperty("count").GetInt32()));
        await Page.SelectOptionAsync("#level", "service");

        // The panel of a service chosen from the legend: its figures are the run's counters, summed over the silos.
        var result = await run.Finished;
        Assert.True(result.Architecture!.Completed > 0);
        await Page.ClickAsync("#legend li[data-name='homepage']");
        await Page.WaitForSelectorAsync("#panel h2:text('homepage')");
        await WaitUntil(async () =>
        {
            var counts = (await SiloTelemetries.CountsAsync(Fixture.Client, run.Arch)).Single(s => s.Service == "homepage");
            var requests = counts.ByImposition[(int)Imposition.GetRequest] + counts.ByImposition[(int)Imposition.Put];
            var latency = new LatencyHistogram();
            latency.Add(counts.ResponseBuckets ?? []);
            if (requests == 0 || latency.Count == 0) return "the counters have no requests or response times for homepage";
            // Read in one go: the panel is redrawn every second.
            var f = await Json("({ seconds: +document.querySelector('#figures')?.dataset.seconds, ...Object.fromEntries([...document.querySelectorAll('#figures dd[data-figure]')].map(d => [d.dataset.figure, +d.dataset.value])) })");
            if (!f.TryGetProperty("requests", out var shown)) return "no figures in the panel";
            var problems = new List<string>();
            if (shown.GetDouble() != requests) problems.Add($"requests {shown.GetDouble()} vs {requests}");
            if (f.GetProperty("errors").GetDouble() != counts.Failed) problems.Add($"errors {f.GetProperty("errors").GetDouble()} vs {counts.Failed}");
            foreach (var (name, p) in new[] { ("p50", 50.0), ("p99", 99.0) })
            {
                if (Math.Abs(f.GetProperty(name).GetDouble() - latency.Percentile(p)) > latency.Percentile(p) * 1e-6) problems.Add($"{name} {f.GetProperty(name).GetDouble()} vs {latency.Percentile(p)}");
            }
            if (Math.Abs(f.GetProperty("rate").GetDouble() - requests / f.GetProperty("seconds").GetDouble()) > 0.01) problems.Add("rate is not requests over the window");
            return problems.Count == 0 ? null : string.Join("; ", problems);
        });
        // Its neighbours, each with the requests along the edge as the calling service counted them, over the cluster.
        var edges = await SiloTelemetries.EdgesAsync(Fixture.Client, run.Arch);
        foreach (var (list, name, from, to) in new[] { ("dependencies", "subscriber", "homepage", "subscriber"), ("dependents", "wwwproxy", "wwwproxy", "homepage") })
        {
            var li = Page.Locator($"#{list} li");
            Assert.Equal([name], await li.EvaluateAllAsync<string[]>("all => all.map(li => li.dataset.name)"));
            var edge = Assert.Single(SiloTelemetries.Merge(edges.Where(e => e.Service == from && e.Dependency == to), byZone: false));
            Assert.True(edge.Requests > 0, $"no requests counted from {from} to {to}");
            await WaitUntil(async () =>
            {
                var shown = await li.Locator(".edge").EvaluateAllAsync<string[]>("all => all.map(e => e.dataset.requests)");
                return shown.SequenceEqual([edge.Requests.ToString(System.Globalization.CultureInfo.InvariantCulture)]) ? null
                    : $"{from} → {to}: [{string.Join(", ", shown)}] shown, {edge.Requests} counted";
            });
        }
        Assert.Equal(6, await Page.Locator("#zones tr[data-zone]").CountAsync());
        Directory.CreateDirectory(Artifacts);
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Artifacts, "viewer-netflixoss-architecture.png") });

        // A click on the selected service's node expands it into its instances, where it was.
        var homepage = Assert.Single(Items(await Json("spigo.view()")), v => v.GetProperty("id").GetString() == "us-east-1|zoneA|homepage");
        var at = await Json($"spigo.screen({homepage.GetProperty("x").GetDouble()}, {homepage.GetProperty("y").GetDouble()})");
        var canvas = (await Page.Locator("#graph").BoundingBoxAsync())!;
        await Page.Mouse.ClickAsync(canvas.X + (float)at[0].GetDouble(), canvas.Y + (float)at[1].GetDouble());
        await WaitUntil(async () =>
        {
            var expanded = Items(await Json("spigo.view()")).Where(v => v.GetProperty("service").GetString() == "homepage").ToList();
            return expanded.Count == run.Plan.Architecture.OfService("homepage").Count() && expanded.All(v => v.GetProperty("instance").GetBoolean())
                ? null : $"{expanded.Count} homepage nodes drawn";
        });
        await Page.ClickAsync("#expand");

        // Search lights the service and every path to and from it: not the sibling service beside it.
        await Page.FillAsync("#search", "login");
        Assert.Equal("6", await Page.GetAttributeAsync("#search", "data-matches"));
        var lit = Items(await Json("spigo.lit()")).Select(id => id.GetString()!.Split('|')[^1]).ToHashSet();
        Assert.Equal(["cassSubscriber", "evcacheSubscriber", "login", "subscriber", "www", "www-elb", "wwwproxy"], lit.Order());

        // Export: an SVG with every service's label, a PNG, and a link that reopens this view.
        var svgDownload = await Page.RunAndWaitForDownloadAsync(() => Page.ClickAsync("#svg"));
        var svg = XDocument.Load(await svgDownload.PathAsync());
        var texts = svg.Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value).ToList();
        Assert.All(services, s => Assert.Contains(texts, t => t.StartsWith(s + " (", StringComparison.Ordinal)));
        var pngDownload = await Page.RunAndWaitForDownloadAsync(() => Page.ClickAsync("#png"));
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], (await File.ReadAllBytesAsync(await pngDownload.PathAsync())).Take(4));
        await Page.SelectOptionAsync("#zone", "zoneB");
        await Page.ClickAsync("#link");
        var link = await Page.InputValueAsync("#linkText");
        var again = await NewPageAsync();
        await again.GotoAsync(link);
        await WaitUntil(async () => await again.EvaluateAsync<int>("spigo.nodes()") == nodes.Count ? null : "the link's run is not loaded");
        Assert.Equal("zoneB", await again.InputValueAsync("#zone"));
        Assert.Equal("login", await again.InputValueAsync("#search"));
        await again.WaitForSelectorAsync("#panel h2:text('homepage')");
        Assert.All(Items(await Json("spigo.view()", again)), v => Assert.Equal("zoneB", v.GetProperty("zone").GetString()));
        AssertNoConsoleErrors();
    }

    [Fact]
    public async Task AChaosVictimAndAZoneOutageTurnTheirNodesRedAndAppearInTheEventStrip()
    {
        var run = await StartNetflixOss(regions: 1, TimeSpan.FromSeconds(5), "monkey:homepage@1s", "gorilla:us-east-1.zoneB@3500ms");
        await Page.GotoAsync(new Uri(Url, $"?run={run.Record.Key}").ToString());
        await run.Finished;
        var entries = await Fixture.Client.GetEdda(run.Record.Key).Read(0, 100_000);
        var planned = run.Plan.Architecture!.Nodes.Select(n => n.FullName).ToHashSet();
        // In Edda's order: the monkey's victim first (at 1 s), then the zone (at 3.5 s).
        var stopped = entries.Where(e => e.Kind == EddaEntryKind.Done && e.Exit == "chaos" && planned.Contains(e.Name)).Select(e => e.Name).ToList();
        var zoneB = run.Plan.Architecture.Nodes.Where(n => n.Name.Region == "us-east-1" && n.Name.Zone == "zoneB").Select(n => n.FullName).ToHashSet();
        var victim = stopped[0];
        Assert.Contains(".homepage.", victim, StringComparison.Ordinal);
        Assert.True(zoneB.IsSubsetOf(stopped), "the gorilla stopped every node of us-east-1.zoneB");
        Assert.Equal(zoneB.Count + (zoneB.Contains(victim) ? 0 : 1), stopped.Count);
        await WaitFor("spigo.gone()", stopped.Count);

        // At service level every group of zoneB is red; the victim's service has one gone.
        var view = Items(await Json("spigo.view()")).ToList();
        Assert.All(view.Where(v => v.GetProperty("zone").GetString() == "zoneB"), v => Assert.True(v.GetProperty("red").GetBoolean(), v.GetProperty("id").GetString()));
        Assert.All(view.Where(v => v.GetProperty("zone").GetString() != "zoneB"), v => Assert.False(v.GetProperty("red").GetBoolean(), v.GetProperty("id").GetString()));
        var victimZone = Spigo.Names.NanoName.Parse(victim).Zone;
        if (victimZone != "zoneB") Assert.Equal(1, Assert.Single(view, v => v.GetProperty("id").GetString() == $"us-east-1|{victimZone}|homepage").GetProperty("gone").GetInt32());

        // At instance level exactly the stopped nanoservices are red.
        await Page.SelectOptionAsync("#level", "instance");
        await WaitUntil(async () =>
        {
            var red = Items(await Json("spigo.view()")).Where(v => v.GetProperty("red").GetBoolean()).Select(v => v.GetProperty("id").GetString()!).ToHashSet();
            return red.SetEquals(stopped) ? null : $"red: {red.Count}, stopped: {stopped.Count}";
        });

        // The strip: the victim, then the zone outage with its count.
        var node = Page.Locator("#events li[data-kind='node'][data-service='homepage']");
        var zone = Page.Locator("#events li[data-kind='zone'][data-zone='us-east-1.zoneB']");
        await zone.WaitForAsync();
        Assert.Contains(victim, await node.TextContentAsync(), StringComparison.Ordinal);
        Assert.Contains($"{stopped.Count - 1} nanoservices stopped", await zone.TextContentAsync(), StringComparison.Ordinal);
        Directory.CreateDirectory(Artifacts);
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Artifacts, "viewer-netflixoss-faults.png") });
        AssertNoConsoleErrors();
    }

    [Fact]
    public async Task WhenEveryZoneIsOutTheEdgeIntoTheElbTurnsRedAndTheStripSaysItIsFailing()
    {
        // With all three zones stopped the ELB has nowhere to send a request: it answers each "not found" (a failed request).
        var run = await StartNetflixOss(regions: 1, TimeSpan.FromSeconds(4), "gorilla:us-east-1.zoneA@1s", "gorilla:us-east-1.zoneB@1s", "gorilla:us-east-1.zoneC@1s");
        await Page.GotoAsync(new Uri(Url, $"?run={run.Record.Key}").ToString());
        await WaitUntil(async () =>
        {
            var failing = Items(await Json("spigo.failing()")).Select(k => k.GetString()).ToList();
            return failing.Contains("*|*|www\tus-east-1|*|www-elb") ? null : "red edges: " + string.Join(", ", failing);
        });
        await Page.Locator("#events li[data-kind='errors'][data-service='www-elb']").WaitForAsync();
        var counts = (await SiloTelemetries.CountsAsync(Fixture.Client, run.Arch)).Single(s => s.Service == "www-elb");
        Assert.True(counts.Failed > 0, "the counters show the ELB's failed requests");
        var edge = Assert.Single(await SiloTelemetries.EdgesAsync(Fixture.Client, run.Arch), e => e.Service == "www" && e.Dependency == "www-elb");
        Assert.True(edge.Failed > 0 && edge.Failed <= edge.Requests, $"the Denominator's edge to the ELB: {edge.Failed} failed of {edge.Requests}");
        Directory.CreateDirectory(Artifacts);
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Artifacts, "viewer-netflixoss-failing.png") });
        await run.Finished;
        AssertNoConsoleErrors();
    }

    /// <summary>The strip's entries as shown: each one's time, then its text.</summary>
    private async Task<List<(string Time, string Text)>> Strip()
    {
        var items = await Page.Locator("#events li").AllAsync();
        var shown = new List<(string, string)>();
        foreach (var li in items)
        {
            var time = await li.Locator("time").TextContentAsync() ?? "";
            shown.Add((time, (await li.TextContentAsync() ?? "")[time.Length..].Trim()));
        }
        return shown;
    }

    /// <summary>The ids drawn red now.</summary>
    private async Task<HashSet<string>> Red() =>
        [.. Items(await Json("spigo.view()")).Where(v => v.GetProperty("red").GetBoolean()).Select(v => v.GetProperty("id").GetString()!)];

    [Fact]
    public async Task AFaultThatEndsInsideAnotherLeavesWhatTheOtherStillCoversRed()
    {
        // A gorilla's zone inside a kong's region, ending after it; then a kong round a gorilla that ends first; then two
        // monkeys on one service, the second ending first.
        var path = Path.Combine(TempDir.Create(), "nested.json");
        string Api(int i) => $"nest.us-east-1.zone{(char)('A' + i)}.api.karyon.api{i}";
        string Db(int i) => $"nest.us-east-1.zone{(char)('A' + i)}.db.store.db{i}";
        string At(double s) => $"2026-01-01T00:00:{s:00.0}Z".Replace(',', '.');
        string Event(string e, string subject, double s) => $"{{\"event\":\"{e}\",\"subject\":\"{subject}\",\"timestamp\":\"{At(s)}\"}}";
        IEnumerable<string> Stops(IEnumerable<string> names, double s) => names.Select((n, k) => $"{{\"done\":\"{n}\",\"exit\":\"chaos\",\"timestamp\":\"{At(s + 0.1 * (k + 1))}\"}}");
        string[] zoneA = [Api(0), Db(0)], others = [Api(1), Db(1), Api(2), Db(2)], all = [.. zoneA, .. others];
        var graph = Enumerable.Range(0, 3).SelectMany(i => new[]
            {
                $"{{\"node\":\"{Api(i)}\",\"package\":\"karyon\",\"timestamp\":\"{At(i)}\"}}",
                $"{{\"node\":\"{Db(i)}\",\"package\":\"store\",\"timestamp\":\"{At(i)}\"}}",
            })
            .Append(Event("gorilla:2", "us-east-1.zoneA", 10)).Concat(Stops(zoneA, 10))
            .Append(Event("kong:4", "us-east-1", 11)).Concat(Stops(others, 11))
            .Append(Event("kong-ended:4", "us-east-1", 13))
            .Append(Event("gorilla-ended:2", "us-east-1.zoneA", 15))
            .Append(Event("kong:6", "us-east-1", 20)).Concat(Stops(all, 20))
            .Append(Event("gorilla:0", "us-east-1.zoneB", 21))
            .Append(Event("gorilla-ended:0", "us-east-1.zoneB", 22))
            .Append(Event("kong-ended:6", "us-east-1", 24))
            .Append(Event($"monkey:{Api(0)}", "api", 30)).Concat(Stops([Api(0)], 30))
            .Append(Event($"monkey:{Api(1)}", "api", 31)).Concat(Stops([Api(1)], 31))
            .Append(Event($"monkey-ended:{Api(1)}", "api", 32))
            .Append(Event($"monkey-ended:{Api(0)}", "api", 35));
        await File.WriteAllTextAsync(path, $"{{\"arch\":\"nest\",\"graph\":[{string.Join(",", graph)}]}}");
        await Page.GotoAsync(new Uri(Url, "?level=instance").ToString());
        await Page.SetInputFilesAsync("#file", path);
        await WaitFor("spigo.nodes()", 6);
        await WaitFor("document.querySelectorAll('#events li').length", 12);

        foreach (var (second, red) in new[] { (12.0, all), (14.0, zoneA), (16.0, []), (21.5, all), (23.0, all), (25.0, []),
            (31.5, [Api(0), Api(1)]), (33.0, [Api(0)]), (36.0, []) })
        {
            await Page.EvaluateAsync($"spigo.seek({second * 1000})");
            await WaitUntil(async () =>
            {
                var now = await Red();
                return now.SetEquals(red) ? null : $"at {second} s red: [{string.Join(", ", now.Order())}], expected [{string.Join(", ", red.Order())}]";
            });
        }
        AssertNoConsoleErrors();
    }

    [Fact]
    public async Task EddaEventsPutEachFaultAndItsEndInTheStripAndFaultedNodesAreRedOnlyWhileItLasts()
    {
        // A run's record as the stream carries it: Edda's events beside nodes and done entries.
        var path = Path.Combine(TempDir.Create(), "faults.json");
        string Api(int i) => $"ev.us-east-1.zone{(char)('A' + i)}.api.karyon.api{i}";
        string Db(int i) => $"ev.us-east-1.zone{(char)('A' + i)}.db.store.db{i}";
        var graph = Enumerable.Range(0, 3).SelectMany(i => new[]
            {
                $"{{\"node\":\"{Api(i)}\",\"package\":\"karyon\",\"timestamp\":\"2026-01-01T00:00:0{i}Z\"}}",
                $"{{\"node\":\"{Db(i)}\",\"package\":\"store\",\"timestamp\":\"2026-01-01T00:00:0{i}Z\"}}",
            })
            .Append("""{"event":"errors:50%","subject":"api","timestamp":"2026-01-01T00:00:06Z"}""")
            .Append("""{"event":"errors-ended","subject":"api","timestamp":"2026-01-01T00:00:08Z"}""")
            .Append("""{"event":"gorilla:2","subject":"us-east-1.zoneA","timestamp":"2026-01-01T00:00:10Z"}""")
            .Append($"{{\"done\":\"{Api(0)}\",\"exit\":\"chaos\",\"timestamp\":\"2026-01-01T00:00:10.2Z\"}}")
            .Append($"{{\"done\":\"{Db(0)}\",\"exit\":\"chaos\",\"timestamp\":\"2026-01-01T00:00:10.3Z\"}}")
            .Append("""{"event":"gorilla-ended:2","subject":"us-east-1.zoneA","timestamp":"2026-01-01T00:00:12Z"}""")
            .Append($"{{\"event\":\"breaker:db:open\",\"subject\":\"{Api(1)}\",\"timestamp\":\"2026-01-01T00:00:13Z\"}}");
        await File.WriteAllTextAsync(path, $"{{\"arch\":\"ev\",\"graph\":[{string.Join(",", graph)}]}}");
        await Page.GotoAsync(new Uri(Url, "?level=instance").ToString());
        await Page.SetInputFilesAsync("#file", path);
        await WaitFor("spigo.nodes()", 6);

        // At the end: each fault and its end, with its time; the zone's stops shown once, as the gorilla; nothing red.
        await WaitFor("document.querySelectorAll('#events li').length", 4);
        Assert.Equal([
            ("00:00:06", "errors: api fails 50% of its requests"),
            ("00:00:08", "errors ended: api serves its requests again"),
            ("00:00:10", "gorilla: zone us-east-1.zoneA out: 2 nanoservices stopped"),
            ("00:00:12", "gorilla ended: zone us-east-1.zoneA back: 2 nanoservices set up again")], await Strip());
        Assert.Equal(["fault", "recovered", "zone", "recovered"], await Page.Locator("#events li").EvaluateAllAsync<string[]>("l => l.map(li => li.dataset.kind)"));
        Assert.Empty(await Red());

        // During the errors fault its service is red; during the zone's outage its nodes are; before either, nothing.
        await Page.EvaluateAsync("spigo.seek(7000)");
        await WaitFor("document.querySelectorAll('#events li').length", 1);
        Assert.Equal([Api(0), Api(1), Api(2)], (await Red()).Order());
        await Page.EvaluateAsync("spigo.seek(11000)");
        await WaitFor("document.querySelectorAll('#events li').length", 3);
        Assert.Equal([Api(0), Db(0)], (await Red()).Order());
        await Page.EvaluateAsync("spigo.seek(5000)");
        await WaitFor("document.querySelectorAll('#events li').length", 0);
        Assert.Empty(await Red());

        // The panel lists the service's events up to the cursor, newest first: its breaker, its fault, its zone's outage.
        await Page.EvaluateAsync("spigo.seek(spigo.end())");
        await Page.EvaluateAsync("spigo.select('api')");
        await Page.Locator("#edda li[data-event='breaker:db:open']").WaitForAsync();
        var listed = (await Page.Locator("#edda li[data-event]").AllTextContentsAsync()).Select(t => t[(t.IndexOf(' ', StringComparison.Ordinal) + 1)..]).ToList();
        Assert.Equal([$"breaker: {Api(1)} → db open", "gorilla ended: zone us-east-1.zoneA back: 2 nanoservices set up again",
            "gorilla: zone us-east-1.zoneA out: 2 nanoservices stopped", "errors ended: api serves its requests again", "errors: api fails 50% of its requests"], listed);
        await Page.EvaluateAsync("spigo.seek(9000)");
        await WaitUntil(async () => await Page.Locator("#edda li[data-event]").CountAsync() == 2 ? null : "the panel lists events after the cursor");
        AssertNoConsoleErrors();
    }

    [Fact]
    public async Task ALiveRunsInjectedFaultsAndWhatCameBackAppearInTheStripAndAreRedWhileTheyLast()
    {
        var run = await StartNetflixOss(regions: 1, TimeSpan.FromSeconds(5), "errors:subscriber=50%@1s+1s", "gorilla:us-east-1.zoneB@2500ms+1s");
        await Page.GotoAsync(new Uri(Url, $"?run={run.Record.Key}").ToString());
        // As they happen: the fault, then its end.
        await Page.Locator("#events li[data-fault='errors'][data-kind='fault'][data-service='subscriber']").WaitForAsync();
        await Page.Locator("#events li[data-fault='errors'][data-kind='recovered'][data-service='subscriber']").WaitForAsync();
        await Page.Locator("#events li[data-fault='gorilla'][data-kind='zone'][data-zone='us-east-1.zoneB']").WaitForAsync();
        await Page.Locator("#events li[data-fault='gorilla'][data-kind='recovered'][data-zone='us-east-1.zoneB']").WaitForAsync();
        await run.Finished;
        var zoneB = run.Plan.Architecture!.Nodes.Where(n => n.Name.Zone == "zoneB").ToList();
        var texts = (await Strip()).Where(s => s.Text.StartsWith("errors", StringComparison.Ordinal) || s.Text.StartsWith("gorilla", StringComparison.Ordinal)).Select(s => s.Text);
        Assert.Equal(["errors: subscriber fails 50% of its requests", "errors ended: subscriber serves its requests again",
            $"gorilla: zone us-east-1.zoneB out: {zoneB.Count} nanoservices stopped", $"gorilla ended: zone us-east-1.zoneB back: {zoneB.Count} nanoservices set up again"], texts);

        // Replayed: red between each fault and its end, and not after.
        var events = Items(await Json("spigo.events()")).ToDictionary(e => e.GetProperty("event").GetString()!, e => e.GetProperty("t").GetDouble());
        await Page.EvaluateAsync($"spigo.seek({(events["errors:50%"] + events["errors-ended"]) / 2})");
        await WaitUntil(async () =>
        {
            var red = Items(await Json("spigo.view()")).Where(v => v.GetProperty("red").GetBoolean()).Select(v => v.GetProperty("service").GetString()).Distinct().ToList();
            return red.SequenceEqual(["subscriber"]) ? null : "red during the errors fault: " + string.Join(", ", red);
        });
        await Page.EvaluateAsync($"spigo.seek({(events[$"gorilla:{zoneB.Count}"] + events[$"gorilla-ended:{zoneB.Count}"]) / 2})");
        await WaitUntil(async () =>
        {
            var red = Items(await Json("spigo.view()")).Where(v => v.GetProperty("red").GetBoolean()).Select(v => v.GetProperty("zone").GetString()).Distinct().ToList();
            return red.SequenceEqual(["zoneB"]) ? null : "red zones during the gorilla: " + string.Join(", ", red);
        });
        await Page.EvaluateAsync("spigo.seek(spigo.end())");
        await WaitUntil(async () => (await Red()).Count == 0 ? null : "red after every fault ended: " + string.Join(", ", await Red()));
        AssertNoConsoleErrors();
    }

    [Fact]
    public async Task NodesLostWithASiloAreRedBesideTheChaosMonkeysAndNotThoseThatLeftNormally()
    {
        // As a run that lost a silo records them: Edda's done entries with the exit "lost" (see SiloLossTests).
        var path = Path.Combine(TempDir.Create(), "lost.json");
        string Name(int i) => $"lost.us-east-1.zone{(char)('A' + i % 3)}.api.karyon.api{i}";
        var graph = Enumerable.Range(0, 6).Select(i => $"{{\"node\":\"{Name(i)}\",\"package\":\"karyon\",\"timestamp\":\"2026-01-01T00:00:0{i}Z\"}}")
            .Append($"{{\"done\":\"{Name(1)}\",\"exit\":\"{GoodbyeReport.LostExit}\",\"timestamp\":\"2026-01-01T00:00:07Z\"}}")
            .Append($"{{\"done\":\"{Name(2)}\",\"exit\":\"chaos\",\"timestamp\":\"2026-01-01T00:00:08Z\"}}")
            .Append($"{{\"done\":\"{Name(3)}\",\"exit\":\"normal\",\"timestamp\":\"2026-01-01T00:00:09Z\"}}");
        await File.WriteAllTextAsync(path, $"{{\"arch\":\"lost\",\"graph\":[{string.Join(",", graph)}]}}");
        await Page.GotoAsync(new Uri(Url, "?level=instance").ToString());
        await Page.SetInputFilesAsync("#file", path);
        await WaitFor("spigo.nodes()", 6);

        var red = Items(await Json("spigo.view()")).Where(v => v.GetProperty("red").GetBoolean()).Select(v => v.GetProperty("id").GetString()).Order();
        Assert.Equal([Name(1), Name(2)], red);
        Assert.Equal([$"lost: {Name(1)} stopped", $"chaos: {Name(2)} stopped"],
            (await Page.Locator("#events li[data-kind='node']").AllTextContentsAsync()).Select(t => t[(t.IndexOf(' ', StringComparison.Ordinal) + 1)..]));
        // Scrolled back to before the losses, nothing is red and the strip is empty.
        await Page.EvaluateAsync("spigo.seek(6000)");
        await WaitFor("document.querySelectorAll('#events li').length", 0);
        Assert.DoesNotContain(Items(await Json("spigo.view()")), v => v.GetProperty("red").GetBoolean());
        AssertNoConsoleErrors();
    }

    /// <summary>The original's files, and one this project writes.</summary>
    [Theory]
    [InlineData("2015-lamp-p6.json")]
    [InlineData("latest-lamp-p6.json")]
    [InlineData("project:migration")]
    public async Task ReplayShowsTheNodesWhoseTimestampIsAtOrBeforeTheSlider(string file)
    {
        string path;
        if (file.StartsWith("project:", StringComparison.Ordinal))
        {
            var dir = TempDir.Create();
            Assert.Equal(0, (await Cli.CliRunner.Run("-a", "migration", "-s", "7", "-d", "0", "-j", "--seed", "2", "-o", dir)).ExitCode);
            path = Path.Combine(dir, "migration7.json");
        }
        else path = Path.Combine(AppContext.BaseDirectory, "examples", file);
        await Page.GotoAsync(Url.ToString());
        await Page.SetInputFilesAsync("#file", path);
        // The page measures time in ms from the whole second of the first timestamp (doubles of ms since the epoch
        // cannot tell 100 ns apart); so do these.
        await WaitUntil(async () => await Page.EvaluateAsync<bool>("Number.isFinite(spigo.origin())") ? null : "no timestamps read");
        var origin = DateTimeOffset.FromUnixTimeMilliseconds((long)await Page.EvaluateAsync<double>("spigo.origin()"));
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(path));
        var times = json.RootElement.GetProperty("graph").EnumerateArray().Where(e => e.TryGetProperty("node", out _))
            .Select(e => (DateTimeOffset.Parse(e.GetProperty("timestamp").GetString()!, System.Globalization.CultureInfo.InvariantCulture) - origin).TotalMilliseconds).ToList();
        await WaitFor("spigo.nodes()", times.Count);

        // Midway between distinct timestamps, and past the end. This project writes 100 ns ticks, as .NET reads them,
        // and its nodes say Hello microseconds apart; the original writes nanoseconds, which .NET truncates, so its
        // cuts keep 500 ns from either side.
        var gap = file.StartsWith("project:", StringComparison.Ordinal) ? 0.00009 : 0.0005;
        var distinct = times.Distinct().Order().ToList();
        var cuts = distinct.Zip(distinct.Skip(1)).Where(p => p.Second - p.First > gap).Select(p => (p.First + p.Second) / 2).ToList();
        var sample = cuts.Where((_, i) => i % Math.Max(1, cuts.Count / 6) == 0).Prepend(distinct[0] - 1).Append(distinct[^1] + 1).ToList();
        Assert.True(sample.Count >= 4, $"{cuts.Count} times to cut at");
        foreach (var t in sample)
        {
            await Page.EvaluateAsync($"spigo.seek({t.ToString("R", System.Globalization.CultureInfo.InvariantCulture)})");
            await WaitFor("spigo.nodes()", times.Count(x => x <= t));
        }

        // Played from the start at the fastest speed, it grows back to every node.
        await Page.EvaluateAsync($"spigo.seek({(distinct[0] - 1).ToString("R", System.Globalization.CultureInfo.InvariantCulture)})");
        await WaitFor("spigo.nodes()", 0);
        await Page.SelectOptionAsync("#speed", "256");
        await Page.ClickAsync("#play");
        await WaitFor("spigo.nodes()", times.Count, seconds: 30);
        AssertNoConsoleErrors();
    }

    /// <summary>A GraphJSON file of services in a tree (ten children each), instances spread over three zones.</summary>
    private static string SyntheticGraph(int services, int instancesEach)
    {
        var path = Path.Combine(TempDir.Create(), $"synthetic{services}x{instancesEach}.json");
        var stamp = "\"2026-01-01T00:00:00Z\"";
        string Name(int s, int i) => $"big.us-east-1.zone{(char)('A' + i % 3)}.s{s}.store.s{s}i{i}";
        var graph = new List<string>();
        for (var s = 0; s < services; s++)
        {
            for (var i = 0; i < instancesEach; i++) graph.Add($"{{\"node\":\"{Name(s, i)}\",\"package\":\"store\",\"timestamp\":{stamp}}}");
        }
        var edge = 0;
        for (var s = 1; s < services; s++)
        {
            for (var i = 0; i < instancesEach; i++) graph.Add($"{{\"edge\":\"e{++edge}\",\"source\":\"{Name((s - 1) / 10, i)}\",\"target\":\"{Name(s, i)}\",\"timestamp\":{stamp}}}");
        }
        File.WriteAllText(path, $"{{\"arch\":\"big\",\"version\":\"test\",\"args\":\"synthetic\",\"graph\":[{string.Join(",\n", graph)}]}}");
        return path;
    }

    [Fact]
    public async Task TenThousandServicesAndTwoThousandInstancesKeepInteractiveFrameRates()
    {
        await Page.GotoAsync(Url.ToString());
        await Page.SetInputFilesAsync("#file", SyntheticGraph(10_000, 1));

        await WaitFor("spigo.shown()", 10_000, seconds: 30);
        Assert.Equal("service", await Page.EvaluateAsync<string>("spigo.level()"));
        // Dragging the view (the edges move as a layer) and drawing everything afresh every frame.
        var services = await Page.EvaluateAsync<double>("spigo.fps(1500)");
        var servicesRedrawn = await Page.EvaluateAsync<double>("spigo.fps(1500, 'redraw')");
        await WaitFor("spigo.drawnNodes()", 10_000);
        Assert.Equal(200, await Page.Locator("#legend li[data-name]").CountAsync());

        await Page.SetInputFilesAsync("#file", SyntheticGraph(20, 100));
        await WaitFor("spigo.nodes()", 2_000);
        await Page.SelectOptionAsync("#level", "instance");
        await WaitFor("spigo.shown()", 2_000);
        var instances = await Page.EvaluateAsync<double>("spigo.fps(1500)");
        var instancesRedrawn = await Page.EvaluateAsync<double>("spigo.fps(1500, 'redraw')");
        await WaitFor("spigo.drawnNodes()", 2_000);

        var figures = $"10,000 services: {services:F1} fps panning, {servicesRedrawn:F1} fps redrawing everything; " +
            $"2,000 instances: {instances:F1} fps panning, {instancesRedrawn:F1} fps redrawing everything";
        TestContext.Current.TestOutputHelper?.WriteLine(figures);
        Directory.CreateDirectory(Artifacts);
        await File.WriteAllTextAsync(Path.Combine(Artifacts, "viewer-fps.txt"), figures + "\n");
        Assert.True(services >= 20, figures);
        Assert.True(instances >= 20, figures);
        Assert.True(servicesRedrawn >= 4 && instancesRedrawn >= 4, figures);
        AssertNoConsoleErrors();
    }
}
