using System.Text.Json;
using System.Text.RegularExpressions;

namespace Spigo.Tests.Metrics;

public partial class DeployFilesTests
{
    /// <summary>A file of deploy/, as copied beside the tests.</summary>
    internal static string Deploy(string file) => Path.Combine(AppContext.BaseDirectory, "deploy", file);

    /// <summary>The series spigo exports (checked against a real scrape in PrometheusEndpointTests; the edges' in DashboardQueryTests).</summary>
    private static readonly HashSet<string> Exported =
    [
        "spigo_gotocol_messages_total", "spigo_gotocol_delivery_latency_seconds_bucket", "spigo_gotocol_delivery_latency_seconds_count",
        "spigo_request_duration_seconds_bucket", "spigo_request_duration_seconds_count", "spigo_requests_failed_total",
        "spigo_nanoservices_alive", "spigo_edges_discovered_total", "spigo_dependency_requests_total", "spigo_dependency_failures_total",
        "spigo_workers", "spigo_workers_busy_time_seconds_total", "spigo_queue_length", "spigo_requests_rejected_total",
        "spigo_autoscaler_instances_total",
    ];

    [GeneratedRegex(@"spigo_[a-z_]+")]
    private static partial Regex SpigoSeries();

    [Fact]
    public void GrafanaDashboardQueriesOnlyExportedSeries()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Deploy("grafana/spigo-dashboard.json")));
        var panels = json.RootElement.GetProperty("panels").EnumerateArray().ToList();
        var titles = panels.Select(p => p.GetProperty("title").GetString()!).ToList();
        Assert.Contains(titles, t => t.Contains("Requests answered per second"));
        Assert.Contains(titles, t => t.Contains("latency") && t.Contains("service"));
        Assert.Contains(titles, t => t.Contains("by imposition"));
        Assert.Contains(titles, t => t.Contains("Live nanoservices"));
        var exprs = panels.SelectMany(p => p.GetProperty("targets").EnumerateArray()).Select(t => t.GetProperty("expr").GetString()!).ToList();
        Assert.NotEmpty(exprs);
        foreach (var expr in exprs)
        {
            var series = SpigoSeries().Matches(expr).Select(m => m.Value).ToList();
            Assert.NotEmpty(series);
            Assert.All(series, s => Assert.Contains(s, Exported));
        }
    }

    [Fact]
    public void PrometheusScrapesOnlyLoopbackMetricsEndpoints()
    {
        var text = File.ReadAllText(Deploy("prometheus.yml"));
        Assert.Contains("metrics_path: /metrics", text);
        var targets = Regex.Matches(text, @"""([^""]+:\d+)""").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(["127.0.0.1:8123", "127.0.0.1:8124", "127.0.0.1:8125"], targets);
    }

    [Theory]
    [InlineData("prometheus.yml")]
    [InlineData("docker/prometheus.yml")]
    public async Task PrometheusConfigsPassPromtool(string file)
    {
        var promtool = Promtool.Require();
        var check = await Promtool.CheckConfigAsync(promtool, Deploy(file));
        Assert.True(check.ExitCode == 0, $"promtool check config {file}: exit {check.ExitCode}: {check.Output}");
        Assert.Contains("SUCCESS", check.Output);
    }
}
