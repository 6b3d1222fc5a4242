using System.Collections.Concurrent;
using System.Diagnostics.Metrics;


namespace Spigo.Grains.Hosting;

/// <summary>
/// Gathers the -c file's figures in this process (the grains of its silos): message counts from the per-series
/// counts, and delivery latency by listening to spigo's meter. Only exists while -c is on.
/// </summary>
public sealed class MetricsCollector : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<(string Service, string Package), ServiceMetrics> _services = new();
    private readonly string _arch;
    /// <summary>The message counts when gathering began: a long-lived silo may have run this architecture before.</summary>
    private readonly Dictionary<(string Service, string Package), long[]> _before = [];

    public MetricsCollector(string arch)
    {
        _arch = arch;
        foreach (var series in SpigoMetrics.SeriesOf(arch))
        {
            _before[(series.Service, series.Package)] = [.. Enum.GetValues<Gotocol.Imposition>().Select(series.CountOf)];
        }
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            // By name: this runs while SpigoMetrics' own static fields are still being created.
            // The messages counter is enabled so grains count; its counts are read from SpigoMetrics directly.
            if (instrument.Meter.Name == SpigoMetrics.MeterName && instrument.Name is SpigoMetrics.MessagesName or SpigoMetrics.DeliveryLatencyName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((_, value, tags, _) =>
        {
            var (arch, service, package) = Read(tags);
            if (arch == _arch) For(service, package).Latency.Record(value);
        });
        _listener.Start();
    }

    /// <summary>Per service: message counts (exact) and the delivery latency distribution.</summary>
    public IReadOnlyCollection<ServiceMetrics> Services
    {
        get
        {
            foreach (var series in SpigoMetrics.SeriesOf(_arch))
            {
                For(series.Service, series.Package).SetCounts(series, _before.GetValueOrDefault((series.Service, series.Package)));
            }
            return [.. _services.Values];
        }
    }

    private ServiceMetrics For(string service, string package) =>
        _services.GetOrAdd((service, package), k => new ServiceMetrics(k.Service, k.Package));

    private static (string? Arch, string Service, string Package) Read(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        string? arch = null;
        string service = "", package = "";
        foreach (var (key, value) in tags)
        {
            switch (key)
            {
                case "architecture": arch = value as string; break;
                case "service": service = value as string ?? ""; break;
                case "package": package = value as string ?? ""; break;
            }
        }
        return (arch, service, package);
    }

    public void Dispose() => _listener.Dispose();
}
