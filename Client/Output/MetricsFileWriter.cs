using System.Text.Json;
using Spigo.Client.Architectures;
using Spigo.Gotocol;
using Spigo.Grains.Metrics;
using Spigo.Runs;

namespace Spigo.Client.Output;

/// <summary>
/// Writes -c's &lt;arch&gt;_metrics.json: per service, messages by imposition and delivery latency percentiles in
/// seconds — the content of spigo's metrics file, as valid JSON. Services that received nothing are listed with zeros.
/// Then, per edge of the service graph that carried requests, what its calling service sent along it ("dependencies").
/// </summary>
public static class MetricsFileWriter
{
    private static readonly (string Name, double Percent)[] Percentiles =
        [("p50", 50), ("p75", 75), ("p90", 90), ("p95", 95), ("p99", 99), ("p99.9", 99.9)];

    /// <summary>Writes the file; with --chaos, <paramref name="phases"/> (the traffic before, during and after each fault) too.</summary>
    public static void Write(Stream stream, string arch, IEnumerable<(string Service, string Package)> services, IReadOnlyCollection<ServiceMetrics> measured,
        IReadOnlyList<Phase>? phases = null, IReadOnlyList<EdgeShare>? edges = null, IReadOnlyList<WorkerShare>? workers = null,
        AutoscalerReport? scaling = null, IReadOnlyList<SecondOfTraffic>? timeline = null)
    {
        var byName = measured.GroupBy(m => m.Service).ToDictionary(g => g.Key, g => g.First());
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("arch", arch);
        json.WriteString("date", Timestamps.Format(SteadyClock.UtcNow));
        json.WriteStartArray("services");
        foreach (var (service, package) in services.Concat(measured.Select(m => (m.Service, m.Package))).DistinctBy(s => s.Item1))
        {
            byName.TryGetValue(service, out var m);
            json.WriteStartObject();
            json.WriteString("service", service);
            json.WriteString("package", package);
            json.WriteNumber("messages", m?.Messages ?? 0);
            json.WriteStartObject("impositions");
            foreach (var imposition in Enum.GetValues<Imposition>())
            {
                var n = m?.CountOf(imposition) ?? 0;
                if (n > 0) json.WriteNumber(imposition.ToString(), n);
            }
            json.WriteEndObject();
            json.WriteStartObject("latency_seconds");
            foreach (var (name, percent) in Percentiles) json.WriteNumber(name, m?.Latency.Percentile(percent) ?? 0);
            json.WriteEndObject();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        if (edges is { Count: > 0 }) WriteDependencies(json, edges);
        if (phases is not null) WritePhases(json, phases);
        if (workers is { Count: > 0 }) WriteCapacity(json, workers);
        if (scaling is not null) WriteScaling(json, scaling);
        if (timeline is { Count: > 0 }) WriteTimeline(json, timeline);
        json.WriteEndObject();
    }

    /// <summary>Per service with a capacity: its time-averaged utilization over the run, refusals and queueing time.</summary>
    private static void WriteCapacity(Utf8JsonWriter json, IReadOnlyList<WorkerShare> workers)
    {
        json.WriteStartArray("capacity");
        foreach (var w in workers)
        {
            var wait = new LatencyHistogram();
            wait.Add(w.QueueWaitBuckets);
            json.WriteStartObject();
            json.WriteString("service", w.Service);
            json.WriteNumber("utilization", Math.Round(w.UtilizationSince(null) ?? 0, 4));
            json.WriteNumber("worker_seconds", Math.Round(w.WorkerSeconds, 3));
            json.WriteNumber("refused", w.Refused);
            json.WriteNumber("waited", wait.Count);
            json.WriteStartObject("queue_wait_seconds");
            foreach (var (name, percent) in Percentiles) json.WriteNumber(name, wait.Percentile(percent));
            json.WriteEndObject();
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    /// <summary>Per second of traffic: requests offered, answered and failed (counted in the second they were sent).</summary>
    private static void WriteTimeline(Utf8JsonWriter json, IReadOnlyList<SecondOfTraffic> timeline)
    {
        json.WriteStartArray("seconds");
        foreach (var s in timeline)
        {
            json.WriteStartObject();
            json.WriteNumber("offered", s.Sent);
            json.WriteNumber("answered", s.Answered);
            json.WriteNumber("failed", s.Failed);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    /// <summary>The auto-scaler's actions, in order.</summary>
    private static void WriteScaling(Utf8JsonWriter json, AutoscalerReport report)
    {
        json.WriteStartObject("autoscaler");
        json.WriteNumber("launched", report.Launched);
        json.WriteNumber("taken_out", report.TakenOut);
        json.WriteNumber("still_draining", report.StillDraining);
        json.WriteStartArray("actions");
        foreach (var a in report.Actions)
        {
            json.WriteStartObject();
            json.WriteNumber("at_seconds", Math.Round(a.AtSeconds, 3));
            json.WriteString("at", Timestamps.Format(a.At));
            json.WriteString("service", a.Service);
            json.WriteString("zone", a.Zone);
            json.WriteNumber("change", a.Change);
            json.WriteNumber("instances", a.Instances);
            json.WriteNumber("utilization", Math.Round(a.Utilization, 4));
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteDependencies(Utf8JsonWriter json, IReadOnlyList<EdgeShare> edges)
    {
        json.WriteStartArray("dependencies");
        foreach (var edge in edges)
        {
            var response = new LatencyHistogram();
            response.Add(edge.ResponseBuckets);
            json.WriteStartObject();
            json.WriteString("service", edge.Service);
            json.WriteString("dependency", edge.Dependency);
            json.WriteNumber("requests", edge.Requests);
            json.WriteNumber("failed", edge.Failed);
            // The answers timed (one in 8 per calling nanoservice; a copy sent on without waiting for an answer, as
            // staash's to its other tiers, has none).
            json.WriteNumber("response_samples", response.Count);
            json.WriteStartObject("response_seconds");
            foreach (var (name, percent) in Percentiles) json.WriteNumber(name, response.Percentile(percent));
            json.WriteEndObject();
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    private static void WritePhases(Utf8JsonWriter json, IReadOnlyList<Phase> phases)
    {
        json.WriteStartArray("phases");
        foreach (var phase in phases)
        {
            json.WriteStartObject();
            json.WriteString("phase", phase.Name);
            json.WriteNumber("start_seconds", Math.Round(phase.StartSeconds, 3));
            json.WriteNumber("seconds", Math.Round(phase.Seconds, 3));
            json.WriteNumber("requests", phase.Sent);
            json.WriteNumber("answered", phase.Answered);
            json.WriteNumber("failed", phase.Failed);
            json.WriteNumber("overloaded", phase.Overloaded);
            json.WriteNumber("offered_per_second", Math.Round(phase.OfferedPerSecond, 1));
            json.WriteNumber("answered_per_second", Math.Round(phase.AnsweredPerSecond, 1));
            json.WriteNumber("error_rate", Math.Round(phase.ErrorRate, 4));
            json.WriteNumber("p50_seconds", phase.P50Seconds);
            json.WriteNumber("p99_seconds", phase.P99Seconds);
            if (phase.Attempts is { } attempts)
            {
                json.WriteNumber("attempts", attempts);
                json.WriteNumber("retries", phase.Retries ?? 0);
                json.WriteNumber("attempts_per_request", Math.Round(phase.AttemptsPerRequest ?? 0, 3));
            }
            if (phase.GoodputBefore is { } before)
            {
                json.WriteNumber("goodput_before_per_second", Math.Round(before, 1));
                json.WriteNumber("answered_share_before", Math.Round(phase.AnsweredShareBefore ?? 0, 4));
                if (phase.RecoveredAfter is { } after) json.WriteNumber("recovered_after_seconds", Math.Round(after, 1));
                else json.WriteNull("recovered_after_seconds");
                if (phase.Attempts is not null) json.WriteBoolean("metastable", phase.Metastable);
            }
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }
}
