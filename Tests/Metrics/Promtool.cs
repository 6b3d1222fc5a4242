using System.Diagnostics;

namespace Spigo.Tests.Metrics;

/// <summary>
/// Prometheus' own checker of the text exposition (<c>promtool check metrics</c>). Exit 0: parses and lints clean;
/// 3: parses, with lint problems (listed one a line); 1: does not parse. SPIGO_TEST_PROMTOOL names the binary and
/// makes it required (./test.sh sets it); otherwise promtool is used when it is on PATH.
/// </summary>
internal static class Promtool
{
    public sealed record Result(int ExitCode, string Output);

    public static string Require() => ToolPath.Require("SPIGO_TEST_PROMTOOL", "promtool");

    public static string? Optional() => ToolPath.Optional("SPIGO_TEST_PROMTOOL", "promtool");

    public static Task<Result> CheckMetricsAsync(string promtool, string exposition) => RunAsync(promtool, ["check", "metrics"], exposition);

    public static Task<Result> CheckConfigAsync(string promtool, string path) => RunAsync(promtool, ["check", "config", path], "");

    private static async Task<Result> RunAsync(string promtool, string[] arguments, string input)
    {
        var start = new ProcessStartInfo(promtool, arguments)
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        return new Result(process.ExitCode, await stdout + await stderr);
    }
}
