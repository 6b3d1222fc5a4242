using Spigo.Tests.Viewer;

namespace Spigo.Tests.Experiments;

/// <summary>The HTML report in headless Chromium: it opens from the file alone, every chart has its series, no console error.</summary>
[Collection(AloneCollection.Name)]
public sealed class ExperimentReportPageTests
{
    [Fact]
    public async Task TheReportOpensOfflineWithEveryChartsSeriesTheGridAndNoConsoleError()
    {
        var (outcome, dir, _) = await ExperimentRunTests.RunAsync(ExperimentFiles.Run(4, """
              rate: ${interval}
            method:
              chaos: ["monkey:homepage@2s+1s"]
            control: true
            sweep:
              interval: [10ms, 20ms]
            hypothesis:
              - name: answered
                figure: answered-share
                at-least: 90%
            """).Replace("  rate: 10ms\n", "", StringComparison.Ordinal), "--parallel", "2");
        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains("2 of 2 sweep points hold the hypothesis", outcome.Out, StringComparison.Ordinal);

        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync();
        var errors = new List<string>();
        var fetched = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error") errors.Add(m.Text); };
        page.PageError += (_, e) => errors.Add(e);
        page.Request += (_, r) => { if (!r.Url.StartsWith("file://", StringComparison.Ordinal)) fetched.Add(r.Url); };
        await page.GotoAsync(new Uri(Path.Combine(dir, "trial.report.html")).AbsoluteUri);

        Assert.Equal("HOLDS", await page.InnerTextAsync("#verdict"));
        // The first sweep point's details are open: four charts, each a line per arm with points on it.
        var charts = await page.QuerySelectorAllAsync("details[open] svg.chart");
        Assert.Equal(4, charts.Count);
        foreach (var chart in charts)
        {
            var name = await chart.GetAttributeAsync("data-chart");
            var series = await chart.EvalOnSelectorAllAsync<string[]>("path.series", "ps => ps.map(p => p.dataset.series + ':' + p.getAttribute('d').split('L').length)");
            Assert.Equal(2, series.Length);
            Assert.Equal(["control", "experiment"], series.Select(s => s.Split(':')[0]));
            Assert.All(series, s => Assert.True(int.Parse(s.Split(':')[1], System.Globalization.CultureInfo.InvariantCulture) >= 3, $"{name}: {s}"));
            Assert.Equal(2, await chart.EvalOnSelectorAllAsync<int>("rect.phase", "r => r.length"));
        }
        Assert.Equal(2, await page.EvalOnSelectorAllAsync<int>("#grid td.cell.holds", "c => c.length"));
        Assert.True(await page.EvalOnSelectorAllAsync<int>("svg.architecture g.service", "g => g.length") >= 8);
        Assert.Contains("interval: [10ms, 20ms]", await page.InnerTextAsync("#file"), StringComparison.Ordinal);
        Assert.StartsWith("spigo experiment ", await page.InnerTextAsync("#command"), StringComparison.Ordinal);
        Assert.Empty(errors);
        Assert.Empty(fetched);
    }
}
