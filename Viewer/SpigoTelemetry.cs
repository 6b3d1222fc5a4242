using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;

using Spigo.Grains.Metrics;

namespace Spigo.Viewer;

/// <summary>Prometheus scraping of spigo's meter and Orleans' own, for a silo host or the embedded one.</summary>
public static class SpigoTelemetry
{
    public const string OrleansMeter = "Microsoft.Orleans";
    public const string MetricsPath = "/metrics";

    /// <summary>
    /// Series per Orleans instrument (their labels are grain types, silos, statuses: tens, not thousands). The SDK's
    /// default of 2000 preallocates a large-object array per instrument, ~40 of them, which cost extra gen-2 collections.
    /// </summary>
    public const int OrleansCardinalityLimit = 400;

    public static IServiceCollection AddSpigoMetrics(this IServiceCollection services)
    {
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(SpigoMetrics.MeterName, OrleansMeter)
            .AddView(instrument => IsPerMessage(instrument) ? MetricStreamConfiguration.Drop
                : instrument.Meter.Name == OrleansMeter ? new MetricStreamConfiguration { CardinalityLimit = OrleansCardinalityLimit } : null)
            .AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0));
        return services;
    }

    /// <summary>
    /// Orleans' instruments that count every message or request (dispatcher, inbound-queue and local-send counters,
    /// request latency, and the grain-directory lookup counters, four of which are bumped on every grain call: 1.34 million
    /// times each in a 5 s netflixoss run at full speed). Exported, they cost more than the 10% budget at full speed;
    /// spigo's own message counter and latency histogram cover the same ground per service, so they are left out.
    /// Every other Orleans series (activations, directory registrations, membership, gateway, ...) stays.
    /// </summary>
    public static bool IsPerMessage(System.Diagnostics.Metrics.Instrument instrument) =>
        instrument.Meter.Name == OrleansMeter
        && (instrument.Name.StartsWith("orleans-messaging-processing-", StringComparison.Ordinal)
            || instrument.Name.StartsWith("orleans-directory-lookups-", StringComparison.Ordinal)
            || instrument.Name is "orleans-app-requests-latency" or "orleans-messaging-sent-local");

    public static WebApplication MapSpigoMetrics(this WebApplication app)
    {
        // GET and HEAD only: the exporter's endpoint answers any method, and a scrape never posts.
        app.MapPrometheusScrapingEndpoint(MetricsPath).WithMetadata(new Microsoft.AspNetCore.Routing.HttpMethodMetadata(["GET", "HEAD"]));
        return app;
    }
}
