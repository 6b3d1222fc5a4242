using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Spigo.Viewer;

namespace Spigo.Client.Hosting;

/// <summary>
/// The spigo process's own HTTP side, on 127.0.0.1: Prometheus' /metrics (the embedded silo's, with -c) and the live
/// viewer (--ui), which reads the run through the cluster client and so shows a remote cluster's run as a whole.
/// </summary>
public static class WebSide
{
    public static WebApplication Build(IClusterClient client, int? metricsPort, int? viewerPort)
    {
        var web = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        web.Logging.ClearProviders();
        // Kestrel reports its addresses in the order they were configured: metrics first, then the viewer.
        var ports = new[] { metricsPort, viewerPort }.Where(p => p is not null).Select(p => p!.Value).ToArray();
        web.WebHost.UseUrls([.. ports.Select(p => $"http://127.0.0.1:{p}")]);
        web.WebHost.ConfigureKestrel(o => o.AddServerHeader = false);
        // The message counters count only while someone listens to the meter: the embedded silo's, for the viewer too.
        if (metricsPort is not null || viewerPort is not null) web.Services.AddSpigoMetrics();
        web.Services.AddSingleton(client);
        web.Services.AddSpigoWebDefenses(WebDefenses.LoopbackHosts);
        var app = web.Build();
        app.UseSpigoWebDefenses();
        if (metricsPort is not null) app.MapSpigoMetrics();
        if (viewerPort is not null) app.MapSpigoViewer();
        return app;
    }

    /// <summary>Where a started web side serves /metrics and the viewer (null for what it does not serve).</summary>
    public static (Uri? Metrics, Uri? Viewer) Addresses(WebApplication app, int? metricsPort, int? viewerPort)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.ToList();
        return (metricsPort is null ? null : new Uri(new Uri(addresses[0]), SpigoTelemetry.MetricsPath),
            viewerPort is null ? null : new Uri(new Uri(addresses[^1]), "/"));
    }
}
