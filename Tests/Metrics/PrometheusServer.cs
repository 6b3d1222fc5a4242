using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Spigo.Tests.ScaleOut;

namespace Spigo.Tests.Metrics;

/// <summary>
/// A real Prometheus server (Debian's build) on 127.0.0.1, scraping one target every two seconds (a scrape may take up
/// to that long: under the whole test suite's load a one-second timeout was missed) into a throw-away TSDB.
/// SPIGO_TEST_PROMETHEUS names the binary and makes it required (CI sets it); otherwise it is used when on PATH.
/// </summary>
internal sealed class PrometheusServer : IDisposable
{
    private readonly ChildProcess _process;
    private readonly string _dir;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    private PrometheusServer(ChildProcess process, string dir, int port)
    {
        _process = process;
        _dir = dir;
        Address = new Uri($"http://127.0.0.1:{port}/");
    }

    public Uri Address { get; }

    public static string Require() => ToolPath.Require("SPIGO_TEST_PROMETHEUS", "prometheus");

    /// <summary>Starts it scraping <paramref name="target"/> (host:port) and returns once it answers ready.</summary>
    public static async Task<PrometheusServer> StartAsync(string binary, string target)
    {
        var dir = Directory.CreateTempSubdirectory("spigo-prometheus-").FullName;
        var config = Path.Combine(dir, "prometheus.yml");
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: 2s
              scrape_timeout: 2s
            scrape_configs:
              - job_name: spigo
                static_configs:
                  - targets: ["{target}"]
            """);
        var port = FreePorts.Take(1)[0];
        var start = new ProcessStartInfo(binary,
            [$"--config.file={config}", $"--web.listen-address=127.0.0.1:{port}", $"--storage.tsdb.path={Path.Combine(dir, "data")}"])
        {
            WorkingDirectory = dir,
        };
        var server = new PrometheusServer(new ChildProcess(start), dir, port);
        async Task<bool> Ready()
        {
            try
            {
                using var ready = await server._http.GetAsync(new Uri(server.Address, "-/ready"));
                return ready.IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false; // not listening yet
            }
        }
        if (await Eventually.Within(TimeSpan.FromSeconds(30), async () => server._process.HasExited || await Ready()) && !server._process.HasExited) return server;
        var log = server._process.Err;
        server.Dispose();
        throw new InvalidOperationException($"prometheus did not become ready within 30s:\n{log}");
    }

    /// <summary>An instant query evaluated at <paramref name="at"/>: the status and, per series, its labels and value.</summary>
    public async Task<(string Status, string? Error, List<(Dictionary<string, string> Labels, double Value)> Series)> QueryAsync(string promql, DateTime at)
    {
        var time = ((at - DateTime.UnixEpoch).TotalSeconds).ToString("F3", CultureInfo.InvariantCulture);
        var url = new Uri(Address, $"api/v1/query?query={Uri.EscapeDataString(promql)}&time={time}");
        using var response = await _http.GetAsync(url);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;
        var status = root.GetProperty("status").GetString()!;
        if (status != "success") return (status, root.TryGetProperty("error", out var e) ? e.GetString() : null, []);
        var series = root.GetProperty("data").GetProperty("result").EnumerateArray().Select(r => (
            r.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!),
            double.Parse(r.GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture))).ToList();
        return (status, null, series);
    }

    /// <summary>A range query, one point a second; per point in time, the sum over the series.</summary>
    public async Task<List<(DateTime At, double Sum)>> QueryRangeAsync(string promql, DateTime from, DateTime to)
    {
        static string Seconds(DateTime t) => (t - DateTime.UnixEpoch).TotalSeconds.ToString("F0", CultureInfo.InvariantCulture);
        var url = new Uri(Address, $"api/v1/query_range?query={Uri.EscapeDataString(promql)}&start={Seconds(from)}&end={Seconds(to)}&step=1");
        using var response = await _http.GetAsync(url);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return [.. json.RootElement.GetProperty("data").GetProperty("result").EnumerateArray()
            .SelectMany(r => r.GetProperty("values").EnumerateArray())
            .Select(v => (At: DateTime.UnixEpoch.AddSeconds(v[0].GetDouble()), Value: double.Parse(v[1].GetString()!, CultureInfo.InvariantCulture)))
            .GroupBy(v => v.At)
            .Select(g => (g.Key, g.Sum(v => v.Value)))
            .OrderBy(v => v.Key)];
    }

    /// <summary>Waits until the target has been scraped once, up or not (target discovery is batched every 5 s).</summary>
    public async Task WaitForFirstScrapeAsync()
    {
        if (!await Eventually.Within(TimeSpan.FromSeconds(30), async () => (await ScrapesAsync()).Total > 0))
        {
            throw new InvalidOperationException("prometheus did not scrape its target within 30s");
        }
    }

    /// <summary>The target's scrapes in the last 10 minutes: how many succeeded, out of how many (Prometheus' up series).</summary>
    public async Task<(int Succeeded, int Total)> ScrapesAsync()
    {
        var now = DateTime.UtcNow;
        var (_, _, succeeded) = await QueryAsync("sum_over_time(up[10m])", now);
        var (_, _, total) = await QueryAsync("count_over_time(up[10m])", now);
        return (succeeded.Count == 0 ? 0 : (int)succeeded[0].Value, total.Count == 0 ? 0 : (int)total[0].Value);
    }

    public void Dispose()
    {
        _process.Dispose();
        _http.Dispose();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // Prometheus may still be closing its files; the directory is under the system's temp.
        }
    }
}
