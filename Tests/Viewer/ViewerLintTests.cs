using System.Diagnostics;

namespace Spigo.Tests.Viewer;

/// <summary>
/// The page's scripts pass ESLint as Viewer/eslint.config.mjs sets it (the recommended rules, lines of at most 120
/// characters, one statement a line), with the ESLint Viewer/package-lock.json pins (the build's npm ci installs it).
/// </summary>
public sealed class ViewerLintTests
{
    [Fact]
    public async Task ThePageScriptsPassEslint()
    {
        var viewer = ViewerFolder();
        var eslint = Path.Combine(viewer, "node_modules", "eslint", "bin", "eslint.js");
        Assert.True(File.Exists(eslint), $"{eslint} is missing: run npm ci in {viewer}");
        var start = new ProcessStartInfo("node", [eslint, "--max-warnings=0", "wwwroot/js"])
        {
            WorkingDirectory = viewer, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"eslint did not finish within 120 s:\n{await stdout}{await stderr}");
        }
        Assert.True(process.ExitCode == 0, $"eslint wwwroot/js (in {viewer}) exited with {process.ExitCode}:\n{await stdout}{await stderr}");
    }

    /// <summary>The repository's Viewer folder: found from the test's binaries up, the first folder with Viewer/package.json.</summary>
    private static string ViewerFolder()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Viewer", "package.json"))) dir = dir.Parent;
        return dir is null
            ? throw new DirectoryNotFoundException($"no Viewer/package.json in {AppContext.BaseDirectory} or a folder above it")
            : Path.Combine(dir.FullName, "Viewer");
    }
}
