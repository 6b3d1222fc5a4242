using System.Text.Json;
using Spigo.Tests.Cli;
using Spigo.Tests.ScaleOut;

namespace Spigo.Tests.Metrics;

/// <summary>
/// The Grafana dashboard's queries, asked of a real Prometheus that scraped a real `spigo -c` run: each must be valid
/// PromQL over the series spigo exports and answer with data.
/// </summary>
[Collection(AloneCollection.Name)]
public class DashboardQueryTests
{
    [Fact]
    public async Task DashboardQueriesAnswerFromPrometheusScrapingARun()
    {
        var binary = PrometheusServer.Require();
        var metricsPort = FreePorts.Take(1)[0];
        using var prometheus = await PrometheusServer.StartAsync(binary, $"127.0.0.1:{metricsPort}");
        var dir = TempDir.Create();
        var (arch, file) = await UniqueArchitecture.WriteAsync("netflixoss", dir);
        // Prometheus takes a few seconds to start scraping a new target: the run starts once it has tried this one.
        await prometheus.WaitForFirstScrapeAsync();

        var from = DateTime.UtcNow;
        // Homepage has workers, and far more instances than its load needs: the auto-scaler takes some out.
        var outcome = await CliRunner.Run("-a", file, "-d", "10", "--seed", "11", "-c", "--metrics-port", metricsPort.ToString(), "-o", dir,
            "--service-time", "homepage=exp:5ms", "--capacity", "homepage=workers:4,queue:64",
            "--autoscale", "homepage=target:60%,min:1,max:12,boot:500ms,cooldown:2s,period:1s");
        Assert.True(outcome.ExitCode == 0, outcome.Err);
        var (succeeded, total) = await prometheus.ScrapesAsync();
        Assert.True(succeeded >= 3, $"Prometheus scraped the run {succeeded} times out of {total}");

        using var dashboard = JsonDocument.Parse(await File.ReadAllTextAsync(DeployFilesTests.Deploy("grafana/spigo-dashboard.json")));
        var panels = dashboard.RootElement.GetProperty("panels").EnumerateArray()
            .SelectMany(p => p.GetProperty("targets").EnumerateArray().Select(t => (Title: p.GetProperty("title").GetString()!, Expr: t.GetProperty("expr").GetString()!)))
            // Grafana's $__rate_interval is four scrape intervals at least: 8s for this Prometheus.
            .Select(p => (p.Title, Expr: p.Expr.Replace("$__rate_interval", "8s", StringComparison.Ordinal)))
            .ToList();
        Assert.Equal(13, panels.Count);
        // The panels are read at the moment of the busiest traffic the request-rate panel saw during the run.
        var requests = panels.Single(p => p.Title.StartsWith("Requests answered", StringComparison.Ordinal)).Expr;
        var timeline = await prometheus.QueryRangeAsync(requests, from, DateTime.UtcNow);
        Assert.NotEmpty(timeline);
        var at = timeline.MaxBy(p => p.Sum).At;
        foreach (var (title, expr) in panels)
        {
            var (status, error, series) = await prometheus.QueryAsync(expr, at);
            Assert.True(status == "success", $"{title}: {expr}: {error}");
            // Failures and refusals may not have happened by then; every other panel has data for this run, with finite values. (Every
            // panel groups by architecture; the process's other architectures, run by other tests, may be idle, and a
            // quantile of no traffic is NaN.)
            if (title.StartsWith("Failed", StringComparison.Ordinal) || expr.Contains("rejected", StringComparison.Ordinal)) continue;
            var ours = series.Where(s => s.Labels.GetValueOrDefault("architecture") == arch).ToList();
            Assert.True(ours.Count > 0, $"{title}: {expr}: no {arch} series at {at:O}");
            Assert.All(ours, s => Assert.True(double.IsFinite(s.Value) && s.Value >= 0, $"{title}: {expr}: {s.Value}"));
        }

        // And they say what happened: requests flowed at about the driver's rate (one per 10 ms) and Gets and Puts were delivered.
        var (_, _, rate) = await prometheus.QueryAsync(requests, at);
        Assert.InRange(rate.Where(s => s.Labels["architecture"] == arch).Sum(s => s.Value), 20, 200);
        var (_, _, byImposition) = await prometheus.QueryAsync(panels.Single(p => p.Title.Contains("by imposition", StringComparison.Ordinal)).Expr, at);
        Assert.Contains(byImposition, s => s.Labels["architecture"] == arch && s.Labels["imposition"] == "GetRequest" && s.Value > 0);
        Assert.Contains(byImposition, s => s.Labels["architecture"] == arch && s.Labels["imposition"] == "Put" && s.Value > 0);
        var (_, _, alive) = await prometheus.QueryAsync(panels.Single(p => p.Title.StartsWith("Live nanoservices", StringComparison.Ordinal)).Expr, at);
        Assert.Contains(alive, s => s.Labels["architecture"] == arch && s.Labels["package"] == "zuul" && s.Value > 0);
        // Each edge of the service graph with its own rate, and its error share a share.
        var (_, _, edges) = await prometheus.QueryAsync(panels.Single(p => p.Title.StartsWith("Requests per second along", StringComparison.Ordinal)).Expr, at);
        Assert.Contains(edges, s => s.Labels["architecture"] == arch && s.Labels["service"] == "www-elb" && s.Labels["dependency"] == "wwwproxy" && s.Value > 0);
        var (_, _, shares) = await prometheus.QueryAsync(panels.Single(p => p.Title.StartsWith("Error share along", StringComparison.Ordinal)).Expr, at);
        Assert.Contains(shares, s => s.Labels["architecture"] == arch && s.Labels["service"] == "www-elb" && s.Labels["dependency"] == "wwwproxy");
        Assert.All(shares.Where(s => s.Labels["architecture"] == arch), s => Assert.InRange(s.Value, 0, 1));
        // Homepage's workers, busy a share of the time.
        var (_, _, utilization) = await prometheus.QueryAsync(panels.Single(p => p.Title.StartsWith("Worker utilization", StringComparison.Ordinal)).Expr, at);
        var homepage = Assert.Single(utilization, s => s.Labels["architecture"] == arch);
        Assert.Equal("homepage", homepage.Labels["service"]);
        Assert.InRange(homepage.Value, 1e-6, 1);
    }
}
