using System.Diagnostics.Metrics;
using Spigo.Grains.Metrics;

namespace Spigo.Client.Metrics;

/// <summary>
/// The Denominator driver's own instruments, under spigo's meter name so one scrape shows them beside the silo's:
/// response time and failed requests as the driver saw them, and the auto-scaler's actions, labelled by architecture. They belong to the process
/// that drives, so there is one set a process (<see cref="Shared"/>): a Prometheus exporter keeps one stream per
/// meter and instrument name, and meters of the same name coming and going under it lose series.
/// </summary>
public sealed class DriverMetrics
{
    public static DriverMetrics Shared { get; } = new();

    private DriverMetrics()
    {
        // Lives as long as the process: never disposed.
        var meter = new Meter(SpigoMetrics.MeterName, "1.0");
        RequestDuration = meter.CreateHistogram("spigo.request.duration", "s", "Response time of a driver's request, from sending to the answer",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SpigoMetrics.LatencyBuckets });
        RequestsFailed = meter.CreateCounter<long>("spigo.requests.failed", "{request}", "Driver requests that failed or timed out");
        ScalingActions = meter.CreateCounter<long>("spigo.autoscaler.instances", "{instance}",
            "Instances the auto-scaler launched (direction out) or took out (direction in), by service and zone");
    }

    /// <summary>Instances the auto-scaler launched or took out.</summary>
    public Counter<long> ScalingActions { get; }

    public Histogram<double> RequestDuration { get; }

    public Counter<long> RequestsFailed { get; }
}
