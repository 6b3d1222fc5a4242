using Spigo.Client.Architectures;
using Spigo.Client.Experiments;
using Spigo.Runs;

namespace Spigo.Tests.Experiments;

/// <summary>The arithmetic of a verdict: intervals, the Mann–Whitney test, phases from faults, abort conditions, figures over seconds.</summary>
public sealed class VerdictMathTests
{
    [Fact]
    public void MannWhitneyMatchesTheTextbookNormalApproximation()
    {
        // Two samples that do not overlap: U = 0; with the continuity correction p = 0.01219 (as SciPy's asymptotic method).
        Assert.Equal(0.01219, MannWhitney.PValue([1, 2, 3, 4, 5], [6, 7, 8, 9, 10])!.Value, 4);
        // Interleaved samples: no evidence of a difference.
        Assert.True(MannWhitney.PValue([1, 3, 5, 7, 9], [2, 4, 6, 8, 10]) > 0.5);
        // Ties are ranked by their mean rank; all tied is no test at all.
        Assert.Null(MannWhitney.PValue([1, 1, 1], [1, 1]));
        Assert.Null(MannWhitney.PValue([], [1]));
    }

    [Fact]
    public void AnEstimateIsTheMeanWithStudentsInterval()
    {
        var e = Estimate.Of([1, 2, 3])!;
        Assert.Equal(2, e.Mean, 9);
        // t(0.975, 2 degrees of freedom) = 4.3027; sd 1; n 3.
        Assert.Equal(2 - 4.3027 / Math.Sqrt(3), e.Low!.Value, 3);
        Assert.Equal(2 + 4.3027 / Math.Sqrt(3), e.High!.Value, 3);
        Assert.Null(Estimate.Of([5])!.Low);
        Assert.Null(Estimate.Of([]));
    }

    private static Fault Fault(string text) => Client.Architectures.Fault.TryParse(text, out var f, out var error) ? f : throw new ArgumentException(error);

    [Fact]
    public void PhasesAreCutAtTheFaultsSecondsAndSimultaneousFaultsShareOne()
    {
        Assert.Equal(["before 0-10", "gorilla us-east-1.zoneA 10-20", "after gorilla us-east-1.zoneA 20-30 after"],
            PhaseWindow.Of([Fault("gorilla:us-east-1.zoneA@10s+10s")], 30).Select(Show));
        Assert.Equal(["before 0-5", "monkey homepage 5-30"], PhaseWindow.Of([Fault("monkey:homepage@5s")], 30).Select(Show));
        var together = PhaseWindow.Of([Fault("errors:db=20%@5s+10s"), Fault("latency:db=fixed:5ms@5s+10s")], 20);
        Assert.Equal(["before 0-5", "errors db=20% + latency db=fixed:5ms 5-15", "after errors db=20% + after latency db=fixed:5ms 15-20 after"], together.Select(Show));
        Assert.Equal(["errors db=20%", "latency db=fixed:5ms"], together[1].Parts);
        // A fault beyond the traffic opens nothing; one that ends beyond it has no phase after.
        Assert.Equal(["before 0-8", "monkey a 8-10"], PhaseWindow.Of([Fault("monkey:a@8s+5s"), Fault("monkey:b@12s")], 10).Select(Show));
    }

    private static string Show(PhaseWindow w) => $"{w.Name} {w.From}-{w.To}{(w.AfterFault ? " after" : "")}";

    private static SecondOfTraffic Second(long sent, long answered, long failed, params double[] latencies)
    {
        var histogram = new LatencyHistogram();
        foreach (var l in latencies) histogram.Record(l);
        return new SecondOfTraffic(sent, answered, failed, 0, histogram.UsedBuckets());
    }

    [Fact]
    public void AnAbortConditionNeedsEveryCompleteSecondOfItsSpanBeyondTheThreshold()
    {
        var abort = new AbortCondition(Figure.ErrorShare, Above: true, 0.5, TimeSpan.FromSeconds(3), default);
        SecondOfTraffic ok = Second(10, 10, 0), bad = Second(10, 2, 8);
        Assert.Equal("error-share over 50% for 3s (seconds 1–4 of the traffic)", abort.Reason([ok, bad, bad, bad, ok]));
        // The newest second is still filling and does not count; one good second in the span is enough to go on.
        Assert.Null(abort.Reason([ok, bad, bad, bad]));
        Assert.Null(abort.Reason([bad, ok, bad, bad, ok]));
    }

    [Fact]
    public void FiguresOverSecondsAddUpCountsAndMergeResponseTimes()
    {
        List<SecondOfTraffic> timeline = [Second(100, 90, 10, 0.001, 0.001, 0.001), Second(100, 100, 0, 0.1, 0.1, 0.1), Second(0, 0, 0)];
        Assert.Equal(0.95, Figure.AnsweredShare.Over(timeline, 0, 2)!.Value, 9);
        Assert.Equal(0.05, Figure.ErrorShare.Over(timeline, 0, 3)!.Value, 9);
        Assert.Equal(95, Figure.AnsweredPerSecond.Over(timeline, 0, 2)!.Value, 9);
        Assert.InRange(Figure.P99.Over(timeline, 0, 2)!.Value, 0.1, 0.103);
        Assert.InRange(Figure.P50.Over(timeline, 0, 1)!.Value, 0.001, 0.00103);
        // Nothing sent, nothing answered: nothing to measure.
        Assert.Null(Figure.AnsweredShare.Over(timeline, 2, 3));
        Assert.Null(Figure.P99.Over(timeline, 2, 3));
        Assert.Equal([0.9, 1.0], Figure.AnsweredShare.PerSecond(timeline, 0, 10));
    }
}
