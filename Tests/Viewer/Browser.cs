using Microsoft.Playwright;

namespace Spigo.Tests.Viewer;

/// <summary>
/// Debian's Chromium, headless, driven by Playwright (no browser download: ./test.sh installs the chromium package).
/// The flags keep it off the network, which this machine closes anyway.
/// </summary>
internal static class Browser
{
    public const string Chromium = "/usr/bin/chromium";

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        // ./test.sh installs Debian's chromium and sets SPIGO_TEST_CHROMIUM, which makes it required.
        if (Environment.GetEnvironmentVariable("SPIGO_TEST_CHROMIUM") is { Length: > 0 }) Assert.True(File.Exists(Chromium), $"SPIGO_TEST_CHROMIUM is set but {Chromium} is missing");
        else if (!File.Exists(Chromium)) Assert.Skip($"{Chromium} is missing: install Debian's chromium package (./test.sh does)");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"],
        });
        return (playwright, browser);
    }
}
