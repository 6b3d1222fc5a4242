using System.Globalization;
using System.Text.Json;

namespace Spigo.Tests.ScaleOut;

/// <summary>
/// A silo whose host clock jumps an hour back and then an hour forward in the middle of a run (libfaketime under the
/// real process; its monotonic clock is left alone, as a stepped host clock leaves it).
/// </summary>
public sealed partial class SiloProcessTests
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    /// <summary>Debian's libfaketime: required when ./test.sh names it, else used when installed.</summary>
    private static string FakeTime()
    {
        if (Environment.GetEnvironmentVariable("SPIGO_TEST_FAKETIME") is { Length: > 0 } required)
        {
            Assert.True(File.Exists(required), $"SPIGO_TEST_FAKETIME={required} is set but there is no such file");
            return required;
        }
        var found = Directory.Exists("/usr/lib")
            ? Directory.EnumerateFiles("/usr/lib", "libfaketime.so.1", SearchOption.AllDirectories).FirstOrDefault()
            : null;
        if (found is null) Assert.Skip("no libfaketime (Debian's faketime package; ./test.sh installs it)");
        return found;
    }

    [Fact]
    public async Task ASiloWhoseClockJumpsAnHourBackAndForthChangesNoFigureNoOrderAndNoActivation()
    {
        var clockFile = Path.Combine(TempDir.Create(), "offset");
        await File.WriteAllTextAsync(clockFile, "+0\n");
        var (redis, clusterId, silos, ports) = await StartThreeSilos(new Dictionary<string, string>
        {
            ["LD_PRELOAD"] = FakeTime(),
            ["FAKETIME_TIMESTAMP_FILE"] = clockFile,
            ["FAKETIME_CACHE_DURATION"] = "1", // the file is read again every second
            ["FAKETIME_DONT_FAKE_MONOTONIC"] = "1",
            ["FAKETIME_FORCE_MONOTONIC_FIX"] = "0", // else .NET's timed waits return at once
        });
        var dir = TempDir.Create();
        var spigo = Start("spigo.dll", ["--cluster", $"redis://{redis}", "--cluster-id", clusterId, "-a", "netflixoss",
            "-d", "16", "--verify", "--seed", "3", "-j", "-c", "-o", dir]);

        // Once the traffic has begun: the hour back, then two forward while requests cross the silo.
        Assert.True(await spigo.WaitForErr("traffic for 16s", TimeSpan.FromSeconds(90)), spigo.Err);
        await JumpTo(clockFile, "-1h", -Hour, ports[8]);
        await JumpTo(clockFile, "+1h", Hour, ports[8]);

        var code = await spigo.WaitAsync(TimeSpan.FromSeconds(120));
        Assert.True(code == 0, $"spigo exited with {code}:\n{spigo.Out}\n{spigo.Err}");
        var summary = spigo.Out;
        Assert.Contains("netflixoss complete", summary);
        Assert.Contains("read-your-writes holds", summary);
        var requests = Requests().Match(summary);
        Assert.True(requests.Success, summary);
        long sent = long.Parse(requests.Groups[1].Value, CultureInfo.InvariantCulture);
        long answered = long.Parse(requests.Groups[2].Value, CultureInfo.InvariantCulture);
        Assert.True(answered >= sent * 99 / 100, $"{answered} of {sent} answered:\n{summary}");

        // Orleans' grain collection on the jumped silo read the host clock: a step back made every activation
        // there fail.
        Assert.DoesNotContain("Error activating grain", silos[2].Out + silos[2].Err);

        // Edda's record keeps its order, and its times span the run, not the hour the silo's clock moved.
        using var graph = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dir, "netflixoss.json")));
        var times = graph.RootElement.GetProperty("graph").EnumerateArray()
            .Where(e => e.TryGetProperty("timestamp", out _))
            .Select(e => e.GetProperty("timestamp").GetDateTime()).ToList();
        Assert.True(times.Count > 100, $"{times.Count} timestamps");
        var span = times.Max() - times.Min();
        Assert.True(span < TimeSpan.FromMinutes(2), $"Edda's record spans {span}");

        // Response times and delivery latencies measured on the jumped silo, and flow spans that cross it:
        // none an hour.
        var metricsFile = Path.Combine(dir, "netflixoss_metrics.json");
        using var metrics = JsonDocument.Parse(await File.ReadAllTextAsync(metricsFile));
        foreach (var service in metrics.RootElement.GetProperty("services").EnumerateArray())
        {
            var p999 = service.GetProperty("latency_seconds").GetProperty("p99.9").GetDouble();
            Assert.True(p999 < 10, service.ToString());
        }
        foreach (var edge in metrics.RootElement.GetProperty("dependencies").EnumerateArray())
            Assert.True(edge.GetProperty("response_seconds").GetProperty("p99.9").GetDouble() < 10, edge.ToString());
        using var flows = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dir, "netflixoss_flow.json")));
        var micros = flows.RootElement.EnumerateArray().SelectMany(s => s.GetProperty("annotations").EnumerateArray())
            .Select(a => a.GetProperty("timestamp").GetInt64()).ToList();
        var flowSeconds = (micros.Max() - micros.Min()) / 1e6;
        Assert.True(flowSeconds < 120, $"flow spans span {flowSeconds:0} s");
    }

    /// <summary>
    /// Steps the silo's host clock to <paramref name="offset"/> and waits until its HTTP Date header shows it.
    /// </summary>
    private static async Task JumpTo(string clockFile, string offset, TimeSpan expected, int httpPort)
    {
        await File.WriteAllTextAsync(clockFile, offset + "\n");
        async Task<bool> Shows()
        {
            using var response = await Http.GetAsync($"http://127.0.0.1:{httpPort}/health/live");
            return response.Headers.Date is { } date
                && Math.Abs((date - DateTimeOffset.UtcNow - expected).TotalMinutes) < 2;
        }
        var moved = await Eventually.Within(TimeSpan.FromSeconds(20), Shows);
        Assert.True(moved, $"the silo's clock did not move to {offset}");
    }
}
