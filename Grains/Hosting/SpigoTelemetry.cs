using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;

namespace Spigo.Grains.Hosting;

/// <summary>Prometheus scraping of spigo's meter and Orleans' own, for a silo host or the embedded one.</summary>
public static class SpigoTelemetry
{
    public const string OrleansMeter = "Microsoft.Orleans";
    public const string MetricsPath = "/metrics";

    public static IServiceCollection AddSpigoMetrics(this IServiceCollection services)
    {
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(SpigoMetrics.MeterName, OrleansMeter)
            .AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0));
        return services;
    }

    public static WebApplication MapSpigoMetrics(this WebApplication app)
    {
        app.MapPrometheusScrapingEndpoint(MetricsPath);
        return app;
    }
}
