using System.Globalization;
using Spigo.Client.Architectures;
using Spigo.Client.Hosting;
using Spigo.Gotocol;
using Spigo.Runs;

namespace Spigo.Client.Output;

/// <summary>
/// The lines an architecture run ends with on stdout: the one-line summary, a line per service with a capacity, and a
/// line per phase of a run with faults. One formatter for all of them, invariant in its numbers.
/// </summary>
public static class RunSummary
{
    /// <summary>The run's summary line; <paramref name="status"/> is complete, FAILED or INCOMPLETE.</summary>
    public static string Line(string stem, string status, ArchitectureResult a, TimeSpan elapsed, string files)
    {
        var readBack = a.ReadBack is null ? "" : a.ReadBack.Skipped is { } why ? $", read-your-writes skipped: {why}"
            : $", read-your-writes {(a.ReadBack.Holds ? "holds" : "BROKEN")} ({a.ReadBack.Keys} keys × {a.ReadBack.Zones} zones)";
        return Invariant($"spigo: {stem} {status}: {a.Nodes} nanoservices, ") +
            Invariant($"{a.Requests} requests ({a.Completed} answered, {a.Failed} failed, {a.TimedOut} timed out), {a.RequestsPerSecond:0} req/s, ") +
            $"p50 {Seconds(a.P50Seconds)} p99 {Seconds(a.P99Seconds)}" +
            (a.Overloaded > 0 ? $", {a.Overloaded} refused as overloaded" : "") +
            (a.ChaosVictim is null ? "" : $", chaos stopped {a.ChaosVictim}") +
            (a.Stopped is { Count: > 0 } stopped ? $", --chaos stopped {stopped.Count} nanoservice{(stopped.Count == 1 ? "" : "s")}" +
                (a.Restored is { Count: > 0 } back ? $" ({back.Count} came back)" : "") : "") + readBack +
            $", {a.Goodbyes} Goodbyes" + (a.Lost.Count > 0 ? $" ({a.Lost.Count} nanoservices lost with their silo)" : "") +
            (a.Outage is { } o ? $", outage: {o.FailedDuring} requests failed, " +
                (o.RecoveredAfterSeconds is { } after ? $"recovered in {after}s" : "not recovered") : "") +
            Resilience(a) + Scaling(a.Scaling) + Silos(a.Silos) + $", {GoDuration.Format(elapsed)}{files}";
    }

    /// <summary>A service with a capacity: its utilization over the run, refusals, and how long requests waited.</summary>
    public static string Capacity(Runs.WorkerShare w)
    {
        var wait = new LatencyHistogram();
        wait.Add(w.QueueWaitBuckets);
        return Invariant($"spigo: capacity {w.Service}: utilization {w.UtilizationSince(null) ?? 0:0.0%}, {w.Refused} refused as overloaded, ") +
            $"{wait.Count} waited for a worker (p50 {Seconds(wait.Percentile(50))}, p99 {Seconds(wait.Percentile(99))})";
    }

    /// <summary>A phase: its traffic, its retries' amplification, and after a fault whether the architecture came back.</summary>
    public static string Phase(Phase phase)
    {
        var amplification = phase.AttemptsPerRequest is { } x ? Invariant($", {x:0.00} attempts per request ({phase.Retries} retries)") : "";
        return Invariant($"spigo: phase {phase.Name} from {phase.StartSeconds:0.0}s for {phase.Seconds:0.0}s: {phase.Sent} requests, ") +
            Invariant($"{phase.AnsweredPerSecond:0} answered/s, {phase.ErrorRate:0.0%} failed or timed out, ") +
            $"p50 {Seconds(phase.P50Seconds)} p99 {Seconds(phase.P99Seconds)}, " +
            Invariant($"{phase.OfferedPerSecond:0} offered/s") + (phase.Overloaded > 0 ? $", {phase.Overloaded} refused as overloaded" : "") +
            amplification + Recovery(phase);
    }

    /// <summary>After a fault: whether the share answered came back to 95% of what it was before it, and when.</summary>
    private static string Recovery(Phase phase) => phase.AnsweredShareBefore is not { } before ? ""
        : phase.RecoveredAfter is { } after
            ? Invariant($", back to 95% of the {before:0.0%} answered before the fault in {after:0.#}s")
            : Invariant($", NOT back to 95% of the {before:0.0%} answered before the fault within the run") + (phase.Metastable
                ? Invariant($": metastable, its retries still send {phase.AttemptsPerRequest:0.00} attempts per request against {phase.AttemptsBefore:0.00} before the fault")
                : "");

    private static string Resilience(ArchitectureResult a) => a.Resilience is not { } r ? ""
        : $", resilience: {r.Sum(s => s.Retries)} retries, {r.Sum(s => s.Timeouts)} timeouts, " +
            $"{a.Fallbacks} fallbacks, {r.Sum(s => s.BreakerRejections + s.BulkheadRejections)} rejected " +
            $"(breaker {r.Sum(s => s.BreakerRejections)}, bulkhead {r.Sum(s => s.BulkheadRejections)}), " +
            $"{r.Sum(s => s.BudgetDenials)} retries over budget, breakers opened {r.Sum(s => s.BreakerOpenings)} times";

    /// <summary>What the auto-scaler did: instances launched and taken out, over how many actions.</summary>
    private static string Scaling(AutoscalerReport? report) => report is not { Actions: var actions } ? "" :
        $", auto-scaler: {report.Launched} launched, {report.TakenOut} taken out " +
        (report.StillDraining > 0 ? $"({report.StillDraining} still draining at the end) " : "") +
        $"in {actions.Count} action{(actions.Count == 1 ? "" : "s")}";

    /// <summary>How the nanoservices spread over the silos, when there are several.</summary>
    public static string Silos(IReadOnlyList<SiloCount> silos) =>
        silos.Count > 1 ? $", {silos.Count} silos ({string.Join("/", silos.Select(s => s.Nanoservices))} nanoservices)" : "";

    private static string Seconds(double seconds) => GoDuration.Format(TimeSpan.FromSeconds(seconds));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
