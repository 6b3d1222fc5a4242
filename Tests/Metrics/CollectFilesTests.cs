using System.Net;
using System.Text.Json;
using Spigo.Tests.Cli;

namespace Spigo.Tests.Metrics;

public class CollectFilesTests
{
    [Fact]
    public async Task MetricsAndFlowFilesDescribeTheRun()
    {
        var dir = TempDir.Create();
        var (arch, file) = await UniqueArchitecture.WriteAsync("netflixoss", dir);
        var run = await CliRunner.Run("-a", file, "-d", "2", "-c", "--metrics-port", "0", "--seed", "9", "-o", dir);
        Assert.True(run.ExitCode == 0, run.Err);
        Assert.Matches(@"spigo: Prometheus metrics at http://127\.0\.0\.1:\d+/metrics", run.Err);

        using var metrics = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dir, arch + "_metrics.json")));
        var services = metrics.RootElement.GetProperty("services").EnumerateArray().ToDictionary(s => s.GetProperty("service").GetString()!);
        Assert.Equal(["cassSubscriber", "evcacheSubscriber", "homepage", "login", "subscriber", "www", "www-elb", "wwwproxy"],
            services.Keys.Where(k => k != "eureka").Order());
        foreach (var (name, s) in services)
        {
            Assert.True(s.GetProperty("messages").GetInt64() > 0, $"{name} received no messages");
            var latency = s.GetProperty("latency_seconds");
            var percentiles = new[] { "p50", "p75", "p90", "p95", "p99", "p99.9" }.Select(p => latency.GetProperty(p).GetDouble()).ToArray();
            Assert.All(percentiles, p => Assert.True(p > 0));
            Assert.Equal(percentiles.Order(), percentiles);
        }
        Assert.True(services["cassSubscriber"].GetProperty("impositions").GetProperty("Put").GetInt64() > 0);

        // The service graph's edges, each with what its caller sent along it; every request a service received came
        // along one (but the Denominator's, from the driver, and Eureka's lookups).
        var dependencies = metrics.RootElement.GetProperty("dependencies").EnumerateArray().ToList();
        JsonElement Edge(string from, string to) => Assert.Single(dependencies, d => d.GetProperty("service").GetString() == from && d.GetProperty("dependency").GetString() == to);
        Assert.True(Edge("www-elb", "wwwproxy").GetProperty("response_samples").GetInt64() > 0);
        // A caller waits at least as long as the hop below it takes: each Denominator request is one ELB request, which
        // is one Zuul request, so their response times are ordered.
        double P50(JsonElement d) => d.GetProperty("response_seconds").GetProperty("p50").GetDouble();
        Assert.True(P50(Edge("www", "www-elb")) >= P50(Edge("www-elb", "wwwproxy")), $"{Edge("www", "www-elb")} vs {Edge("www-elb", "wwwproxy")}");
        foreach (var d in dependencies)
        {
            var response = new[] { "p50", "p75", "p90", "p95", "p99", "p99.9" }.Select(p => d.GetProperty("response_seconds").GetProperty(p).GetDouble()).ToArray();
            var (requests, responses) = (d.GetProperty("requests").GetInt64(), d.GetProperty("response_samples").GetInt64());
            Assert.True(responses > 0 ? response[0] > 0 && response.SequenceEqual(response.Order()) : response.All(r => r == 0), $"{d}: response times");
            Assert.InRange(responses, 0, requests);
            Assert.InRange(d.GetProperty("failed").GetInt64(), 0, requests);
        }
        foreach (var (name, s) in services.Where(s => s.Value.GetProperty("package").GetString() is not ("denominator" or "eureka")))
        {
            var impositions = s.GetProperty("impositions");
            long Count(string imposition) => impositions.TryGetProperty(imposition, out var n) ? n.GetInt64() : 0;
            var into = dependencies.Where(d => d.GetProperty("dependency").GetString() == name).Sum(d => d.GetProperty("requests").GetInt64());
            Assert.True(into == Count("GetRequest") + Count("Put"), $"{name}: {Count("GetRequest") + Count("Put")} requests delivered, {into} sent along edges into it");
        }

        using var flow = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dir, arch + "_flow.json")));
        var spans = flow.RootElement.EnumerateArray().Select(s => new
        {
            Trace = s.GetProperty("traceId").GetString()!,
            Id = s.GetProperty("id").GetString()!,
            Parent = s.TryGetProperty("parentId", out var p) ? p.GetString() : null,
            Name = s.GetProperty("name").GetString()!,
            Server = s.GetProperty("annotations").EnumerateArray().Single(a => a.GetProperty("value").GetString() == "sr").GetProperty("endpoint").GetProperty("serviceName").GetString()!,
            Client = s.GetProperty("annotations").EnumerateArray().Single(a => a.GetProperty("value").GetString() == "cs").GetProperty("endpoint").GetProperty("serviceName").GetString()!,
        }).ToList();
        Assert.True(spans.Count > 100);
        // One span a line between the brackets, as the original's file.
        var lines = await File.ReadAllLinesAsync(Path.Combine(dir, arch + "_flow.json"));
        Assert.Equal(spans.Count + 2, lines.Length);
        Assert.Equal(("[", "]"), (lines[0], lines[^1]));
        Assert.All(lines[1..^1], line => Assert.StartsWith("{\"traceId\":", line));
        var ids = spans.Select(s => (s.Trace, s.Id)).ToHashSet();
        Assert.Equal(spans.Count, ids.Count);
        // Every span's parent is a span of the same trace, and a hop's client is its parent's server.
        var byId = spans.ToDictionary(s => (s.Trace, s.Id));
        foreach (var span in spans.Where(s => s.Parent is not null))
        {
            Assert.True(byId.TryGetValue((span.Trace, span.Parent!), out var parent), $"span {span.Id} of trace {span.Trace} has no parent {span.Parent}");
            Assert.Equal(parent.Server, span.Client);
        }
        // Some Get passed every tier on its way down.
        var tiers = new[] { ".denominator.", ".elb.", ".zuul.", ".karyon.", ".staash.", ".priamCassandra." };
        Assert.Contains(spans.Where(s => s.Name == "GetRequest").GroupBy(s => s.Trace),
            trace => tiers.All(t => trace.Any(s => s.Server.Contains(t))));
    }

    [Fact]
    public async Task FlowSpansCanBeSentToAnOtlpCollector()
    {
        using var collector = new HttpListener();
        var port = ScaleOut.FreePorts.Take(1)[0];
        collector.Prefixes.Add($"http://127.0.0.1:{port}/");
        collector.Start();
        var received = new List<(string? ContentType, long Length)>();
        var serving = Task.Run(async () =>
        {
            while (collector.IsListening)
            {
                HttpListenerContext context;
                try { context = await collector.GetContextAsync(); } catch (HttpListenerException) { break; } catch (ObjectDisposedException) { break; }
                try
                {
                    using var body = new MemoryStream();
                    await context.Request.InputStream.CopyToAsync(body);
                    lock (received) received.Add((context.Request.ContentType, body.Length));
                    // A collector that takes its time: the spans count as delivered when it answers, however late.
                    await Task.Delay(1500); // the slowness under test, not a wait: it decides nothing by itself
                    context.Response.StatusCode = 200;
                    context.Response.Close();
                }
                catch (Exception e) when (e is HttpListenerException or IOException or InvalidOperationException)
                {
                    // A broken exchange is the exporter's problem to report; keep serving.
                }
            }
        });
        var run = await CliRunner.Run("-a", "storage", "-d", "1", "--otlp", $"http://127.0.0.1:{port}/v1/traces", "--seed", "2", "-o", TempDir.Create());
        collector.Stop();
        Assert.True(run.ExitCode == 0, run.Err);
        Assert.Matches(@"spigo: sent [1-9]\d* flow spans to http://127\.0\.0\.1:\d+/v1/traces", run.Err);
        lock (received)
        {
            Assert.NotEmpty(received);
            Assert.All(received, r => Assert.Equal("application/x-protobuf", r.ContentType));
            Assert.All(received, r => Assert.True(r.Length > 0));
        }
    }

    [Fact]
    public async Task SpansACollectorNeverReceivedAreReportedAndFailTheRun()
    {
        // Nothing listens on this port: every export is refused.
        var port = ScaleOut.FreePorts.Take(1)[0];
        var dir = TempDir.Create();
        var run = await CliRunner.Run("-a", "storage", "-d", "1", "-c", "--metrics-port", "0", "--otlp", $"http://127.0.0.1:{port}/v1/traces", "--seed", "2", "-o", dir);

        Assert.Equal(1, run.ExitCode);
        Assert.Matches($@"spigo: --otlp http://127\.0\.0\.1:{port}/v1/traces: 0 of [1-9]\d* flow spans delivered; the collector did not accept the rest \(unreachable, or it answered with an error\)", run.Err);
        Assert.DoesNotContain("spigo: sent", run.Err);
        // The files are the run's own record and are still written.
        Assert.Equal(["storage_flow.json", "storage_metrics.json"], Directory.EnumerateFiles(dir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }
}
