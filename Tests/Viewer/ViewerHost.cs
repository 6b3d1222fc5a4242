using Microsoft.AspNetCore.Builder;
using Spigo.Client.Hosting;

namespace Spigo.Tests.Viewer;

/// <summary>spigo's own web side (the viewer, with its Host check and security headers) on a free 127.0.0.1 port over a test cluster.</summary>
internal sealed class ViewerHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ViewerHost(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    public Uri Url { get; }

    public static async Task<ViewerHost> StartAsync(IClusterClient client)
    {
        var app = WebSide.Build(client, metricsPort: null, viewerPort: 0);
        await app.StartAsync();
        return new ViewerHost(app, WebSide.Addresses(app, null, 0).Viewer!);
    }

    /// <summary>Stops as the product stops its web side: gracefully, waiting up to 30 s for requests to finish.</summary>
    public async Task StopAsync()
    {
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _app.StopAsync(grace.Token);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
