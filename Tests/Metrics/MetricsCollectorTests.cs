using Spigo.Grains.Hosting;

namespace Spigo.Tests.Metrics;

public class MetricsCollectorTests
{
    [Fact]
    public void CountsMessagesAndLatencyPerServiceOfItsArchitectureOnly()
    {
        var arch = "collector" + Guid.NewGuid().ToString("N")[..8];
        using var collector = new MetricsCollector(arch);
        var tags = SpigoMetrics.TagsFor($"{arch}.us-east-1.zoneA.web.karyon.web0");
        var series = SpigoMetrics.SeriesFor($"{arch}.us-east-1.zoneB.web.karyon.web1");
        for (var i = 0; i < 5; i++) series.Count(Gotocol.Imposition.GetRequest);
        for (var i = 1; i <= 100; i++) SpigoMetrics.DeliveryLatency.Record(i / 1000.0, tags);
        SpigoMetrics.SeriesFor("elsewhere.us-east-1.zoneA.web.karyon.web0").Count(Gotocol.Imposition.GetRequest);
        SpigoMetrics.DeliveryLatency.Record(1, SpigoMetrics.TagsFor("elsewhere.us-east-1.zoneA.web.karyon.web0"));

        var web = Assert.Single(collector.Services);
        Assert.Equal("web", web.Service);
        Assert.Equal("karyon", web.Package);
        Assert.Equal(5, web.Messages);
        Assert.Equal(5, web.CountOf(Gotocol.Imposition.GetRequest));
        Assert.Equal(100, web.Latency.Count);
        Assert.InRange(web.Latency.Percentile(50), 0.049, 0.052);
        Assert.InRange(web.Latency.Percentile(99), 0.098, 0.102);
    }
}
