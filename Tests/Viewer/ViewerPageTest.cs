using System.Text.Json;
using Microsoft.Playwright;
using Spigo.Tests.Cluster;

namespace Spigo.Tests.Viewer;

/// <summary>
/// What every viewer page test needs: Debian's Chromium with one page on spigo's web side over the shared test cluster,
/// nothing loaded from elsewhere, console errors collected, and waits on the page's state with deadlines.
/// </summary>
public abstract class ViewerPageTest(ClusterFixture fixture) : IAsyncLifetime
{
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private ViewerHost? _host;
    private IPage? _page;
    private readonly List<string> _consoleErrors = [];

    protected ClusterFixture Fixture { get; } = fixture;

    public async ValueTask InitializeAsync()
    {
        (_playwright, _browser) = await Browser.LaunchAsync();
        _host = await ViewerHost.StartAsync(Fixture.Client);
        _page = await NewPageAsync();
    }

    /// <summary>A page of its own (a second one reopens a link), watched for console errors and kept off the network.</summary>
    protected async Task<IPage> NewPageAsync()
    {
        var page = await _browser!.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1200, Height = 800 }, AcceptDownloads = true });
        // The page offers its test hook (window.spigo, js/testhook.js) only to a page flagged as under test.
        await page.AddInitScriptAsync("window.__spigoTest = true");
        page.Console += (_, m) => { if (m.Type == "error") lock (_consoleErrors) _consoleErrors.Add(m.Text); };
        page.PageError += (_, e) => { lock (_consoleErrors) _consoleErrors.Add(e); };
        // The page must load nothing from anywhere but the viewer itself.
        await page.RouteAsync("**/*", route =>
            route.Request.Url.StartsWith(_host!.Url.ToString(), StringComparison.Ordinal) || route.Request.Url.StartsWith("blob:", StringComparison.Ordinal)
                ? route.ContinueAsync() : route.AbortAsync());
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
        if (_host is not null) await _host.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    protected IPage Page => _page!;

    protected Uri Url => _host!.Url;

    protected static string Artifacts => Path.Combine(AppContext.BaseDirectory, "artifacts");

    protected async Task<int> Eval(string expression) => await Page.EvaluateAsync<int>(expression);

    protected async Task<JsonElement> Json(string expression, IPage? page = null) => await (page ?? Page).EvaluateAsync<JsonElement>(expression);

    /// <summary>Waits until the page's value equals the expected one; the assertion names both when it never does.</summary>
    protected async Task WaitFor(string expression, int expected, int seconds = 15)
    {
        var value = -1;
        await Eventually.Within(TimeSpan.FromSeconds(seconds), async () => (value = await Eval(expression)) == expected);
        Assert.Equal(expected, value);
    }

    /// <summary>Waits until a condition holds; when it never does, fails with what the last check saw.</summary>
    protected static Task WaitUntil(Func<Task<string?>> problem, int seconds = 15) => Eventually.Holds(problem, seconds);

    protected void AssertNoConsoleErrors()
    {
        lock (_consoleErrors) Assert.True(_consoleErrors.Count == 0, "console errors: " + string.Join(" | ", _consoleErrors));
    }
}
