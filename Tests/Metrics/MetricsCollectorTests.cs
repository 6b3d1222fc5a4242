using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Spigo.Grains.Metrics;

namespace Spigo.Tests.Metrics;

public class MetricsCollectorTests
{
    /// <summary>A silo's telemetry as its container makes it, from a meter factory of its own.</summary>
    private static SpigoMetrics SiloMetrics() =>
        new ServiceCollection().AddMetrics().AddSingleton<SpigoMetrics>().BuildServiceProvider().GetRequiredService<SpigoMetrics>();

    [Fact]
    public void GathersMessagesAndLatencyPerServiceOfItsArchitectureOnly()
    {
        var metrics = SiloMetrics();
        metrics.Start("netflixoss", flows: false);
        var web = metrics.SeriesFor("netflixoss.us-east-1.zoneB.web.karyon.web1");
        Assert.Same(web, metrics.SeriesFor("netflixoss.us-east-1.zoneA.web.karyon.web0"));
        Assert.True(metrics.Counting);
        for (var i = 0; i < 5; i++) web.Count(Gotocol.Imposition.GetRequest);
        for (var i = 1; i <= 100; i++) metrics.RecordLatency(web, i / 1000.0);
        var elsewhere = metrics.SeriesFor("lamp.us-east-1.zoneA.web.karyon.web0");
        elsewhere.Count(Gotocol.Imposition.GetRequest);
        metrics.RecordLatency(elsewhere, 1);

        var share = Assert.Single(metrics.Stop("netflixoss").Services);
        Assert.Equal("web", share.Service);
        Assert.Equal("karyon", share.Package);
        Assert.Equal(5, share.ByImposition[(int)Gotocol.Imposition.GetRequest]);
        Assert.Equal(5, share.ByImposition.Sum());
        var latency = new ServiceMetrics("web", "karyon");
        latency.Add(share);
        Assert.Equal(100, latency.Latency.Count);
        Assert.InRange(latency.Latency.Percentile(50), 0.049, 0.052);
        Assert.InRange(latency.Latency.Percentile(99), 0.098, 0.102);
        Assert.Empty(metrics.Stop("netflixoss").Services); // stopped: nothing more is gathered
    }

    [Fact]
    public void TwoSilosInOneProcessKeepTheirOwnFigures()
    {
        var a = SiloMetrics();
        var b = SiloMetrics();
        a.Start("netflixoss", flows: true);
        b.Start("netflixoss", flows: true);
        a.SeriesFor("netflixoss.us-east-1.zoneA.web.karyon.web0").Count(Gotocol.Imposition.Put);
        a.FlowsOf("netflixoss")!.Record(new Runs.FlowSpan(1, 1, 0, "Put", "x", "y", DateTime.UtcNow, DateTime.UtcNow));

        Assert.Equal(1, Assert.Single(a.Counts("netflixoss")).ByImposition.Sum());
        Assert.Empty(b.Counts("netflixoss"));
        Assert.Single(a.Stop("netflixoss").Spans);
        Assert.Empty(b.Stop("netflixoss").Spans);
        Assert.Null(a.FlowsOf("netflixoss"));
    }

    [Fact]
    public void ItsInstrumentsAreSpigosMeterFromTheSilosFactory()
    {
        var metrics = SiloMetrics();
        using var listener = new MeterListener();
        var seen = new List<string>();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name != SpigoMetrics.MeterName) return;
            lock (seen) seen.Add(instrument.Name);
            l.EnableMeasurementEvents(instrument);
        };
        listener.Start();
        Assert.Contains(SpigoMetrics.MessagesName, seen);
        Assert.Contains(SpigoMetrics.DeliveryLatencyName, seen);
        Assert.True(metrics.Counting);
    }
}
