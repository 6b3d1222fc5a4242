using Spigo.Gotocol;
using Spigo.Grains.Metrics;
using Spigo.Names;
using Spigo.Runs;

namespace Spigo.Grains.Services;

/// <summary>
/// Where a service's work is counted while the run is: its failures, the edge each request it sends leaves along,
/// response times (one answer in <see cref="SpigoMetrics.LatencySampling"/>; timing every one cost -c a tenth of the
/// full-speed rate, and the counts stay exact), and the flow of each request it receives (-c).
/// </summary>
internal sealed class ServiceMeter(SpigoMetrics metrics, MessageSeries series, Func<NanoName> me)
{
    private uint _answers;
    private string? _place;

    public bool Counting => metrics.Counting;

    /// <summary>Takes this answer's turn in the sampling: true when its response time is to be recorded.</summary>
    public bool TakeSample() => _answers++ % SpigoMetrics.LatencySampling == 0;

    /// <summary>The answer to a request that arrived at <paramref name="arrived"/> leaves now.</summary>
    public void Responded(DateTime arrived) => series.ResponseTime.Record(Math.Max(0, (SteadyClock.UtcNow - arrived).TotalSeconds));

    /// <summary>An answer given here, after the service time alone.</summary>
    public void Served(TimeSpan serving) => series.ResponseTime.Record(serving.TotalSeconds);

    public void Failed()
    {
        if (metrics.Counting) series.Fail();
    }

    /// <summary>While the run is counted, the edge from this node's zone to <paramref name="target"/>'s, counting a request sent; else null.</summary>
    public EdgeSeries? Sending(DependencyInstance target)
    {
        if (!metrics.Counting) return null;
        var self = me();
        var edge = target.Edge ??= metrics.EdgeFor(self.Arch, self.Service, _place ??= self.Region + "." + self.Zone,
            target.Name.Service, target.Name.Region + "." + target.Name.Zone);
        edge.Sent();
        return edge;
    }

    /// <summary>With -c, the hop a request took to reach this node, for the flow file.</summary>
    public void Received(GotocolMessage message, string name)
    {
        if (message.Trace.IsEmpty || metrics.FlowsOf(me().Arch) is not { } flows) return;
        var client = message.ReplyTo?.GetGrainId().Key.ToString() is { } key && NanoName.TryParse(key, out _, out _) ? key : "spigo-driver";
        flows.Record(new FlowSpan(message.Trace.Trace, message.Trace.Span, message.Trace.Parent, message.Imposition.ToString(),
            client, name, message.Sent, SteadyClock.UtcNow));
    }
}
