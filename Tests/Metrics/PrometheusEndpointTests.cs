using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Spigo.Client.Architectures;
using Spigo.Gotocol;
using Spigo.Viewer;
using Spigo.Tests.Cluster;

namespace Spigo.Tests.Metrics;

[Collection(ClusterCollection.Name)]
public class PrometheusEndpointTests(ClusterFixture fixture)
{
    [Fact]
    public async Task ScrapedCountersEqualWhatWasSent()
    {
        await using var app = await StartMetrics();
        var address = AddressOf(app);
        Assert.StartsWith("http://127.0.0.1:", address);

        // Seven messages to two pirates of an architecture no other test uses.
        var arch = "prom" + Guid.NewGuid().ToString("N")[..8];
        var a = $"{arch}.*.*.pirate.pirate.A";
        var b = $"{arch}.*.*.pirate.pirate.B";
        await fixture.Client.GetNanoservice(a).Deliver([
            GotocolMessage.Create(Imposition.Hello, null, a),
            GotocolMessage.Create(Imposition.NameDrop, null, b),
            GotocolMessage.Create(Imposition.GoldCoin, null, "3"),
            GotocolMessage.Create(Imposition.Forget, null, b),
        ]);
        await fixture.Client.GetNanoservice(b).Deliver([GotocolMessage.Create(Imposition.Hello, null, b), GotocolMessage.Create(Imposition.GoldCoin, null, "4")]);
        await fixture.Client.GetNanoservice(b).Deliver([GotocolMessage.Create(Imposition.GoldCoin, null, "1")]);

        // Three answered requests and one timeout seen by a Denominator driver.
        var meter = new TrafficMeter(0, arch, Client.Metrics.DriverMetrics.Shared);
        for (ulong span = 1; span <= 4; span++) meter.Begin(span, span == 2 ? Imposition.Put : Imposition.GetRequest, "k", "v");
        foreach (var span in new ulong[] { 1, 2, 3 }) meter.Answer(new GotocolMessage(Imposition.GetResponse, null, DateTime.UtcNow, "k v", new TraceContext(span, 0, span)));
        meter.Expire(TimeSpan.Zero); // the fourth: whatever is still in flight

        using var http = new HttpClient();
        var text = await http.GetStringAsync(address + "/metrics");
        List<PrometheusText.Sample> samples;
        try
        {
            // Orleans' histograms are held to the bucket rules only in a process with one silo (see Parse).
            samples = PrometheusText.Parse(text, family => family.StartsWith("spigo_", StringComparison.Ordinal));
        }
        catch (FormatException e)
        {
            var family = e.Message.Split(' ')[0];
            Assert.Fail($"{e.Message}\n{string.Join("\n", text.Split('\n').Where(l => l.Contains(family, StringComparison.Ordinal)))}");
            throw;
        }
        if (Promtool.Optional() is { } promtool)
        {
            var check = await Promtool.CheckMetricsAsync(promtool, text);
            Assert.True(check.ExitCode is 0 or 3, $"promtool check metrics: exit {check.ExitCode}: {check.Output}");
            // Lint problems are allowed only in Orleans' series (no help text, milliseconds); spigo's lint clean.
            Assert.DoesNotContain(check.Output.Split('\n'), line => !line.StartsWith("orleans_", StringComparison.Ordinal) && line.Trim().Length > 0);
        }
        IEnumerable<PrometheusText.Sample> Of(string name) => samples.Where(s => s.Name == name && s.Labels.GetValueOrDefault("architecture") == arch);

        Assert.Equal(7, Of("spigo_gotocol_messages_total").Sum(s => s.Value));
        Assert.Equal(3, Of("spigo_gotocol_messages_total").Where(s => s.Labels["imposition"] == "GoldCoin").Sum(s => s.Value));
        Assert.All(Of("spigo_gotocol_messages_total"), s => Assert.Equal(["architecture", "imposition", "otel_scope_name", "otel_scope_version", "package", "service"], s.Labels.Keys.Order()));
        // Latency is sampled one message in 8 per nanoservice, starting with the first: one sample each for A and B.
        Assert.Equal(2, Of("spigo_gotocol_delivery_latency_seconds_count").Sum(s => s.Value));
        Assert.Equal(3, Of("spigo_request_duration_seconds_count").Sum(s => s.Value));
        Assert.Equal(1, Of("spigo_requests_failed_total").Single(s => s.Labels["reason"] == "timeout").Value);
        Assert.Equal(2, Of("spigo_nanoservices_alive").Sum(s => s.Value));
        Assert.Equal(1, Of("spigo_edges_discovered_total").Sum(s => s.Value));
        // Buckets run from 1 µs to 10 s, and Orleans' own meter is exported too.
        var buckets = Of("spigo_gotocol_delivery_latency_seconds_bucket").Select(s => s.Labels["le"]).Distinct().ToList();
        Assert.Contains("1E-06", buckets);
        Assert.Contains("10", buckets);
        Assert.Contains(samples, s => s.Name.StartsWith("orleans_", StringComparison.Ordinal));
        // ... except the per-call series, which spigo's own counters replace (they cost too much at full speed).
        Assert.DoesNotContain(samples, s => s.Name.StartsWith("orleans_directory_lookups_", StringComparison.Ordinal)
            || s.Name.StartsWith("orleans_messaging_processing_", StringComparison.Ordinal)
            || s.Name.StartsWith("orleans_app_requests_latency", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PromtoolTellsBrokenExpositionFromClean()
    {
        var promtool = Promtool.Require();
        var clean = await Promtool.CheckMetricsAsync(promtool, "# HELP spigo_x_total X.\n# TYPE spigo_x_total counter\nspigo_x_total{service=\"a\"} 1\n");
        Assert.Equal(0, clean.ExitCode);
        var broken = await Promtool.CheckMetricsAsync(promtool, "spigo_x_total{service=\"a\" 1\n");
        Assert.Equal(1, broken.ExitCode);
        Assert.Contains("parsing error", broken.Output);
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("DELETE")]
    [InlineData("FOO")]
    public async Task OnlyGetAndHeadScrape(string method)
    {
        await using var app = await StartMetrics();
        var address = new Uri(AddressOf(app));
        using var http = new HttpClient();
        using var refused = await http.SendAsync(new HttpRequestMessage(new HttpMethod(method), new Uri(address, "/metrics")));
        Assert.Equal(System.Net.HttpStatusCode.MethodNotAllowed, refused.StatusCode);
        using var head = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, new Uri(address, "/metrics")));
        Assert.Equal(System.Net.HttpStatusCode.OK, head.StatusCode);
    }

    /// <summary>A web side serving only /metrics, on a free loopback port.</summary>
    private static async Task<WebApplication> StartMetrics()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddSpigoMetrics();
        var app = builder.Build();
        app.MapSpigoMetrics();
        await app.StartAsync();
        return app;
    }

    private static string AddressOf(WebApplication app) => app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
}
