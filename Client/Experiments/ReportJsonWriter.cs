using System.Text.Json;

namespace Spigo.Client.Experiments;

/// <summary>FILE.report.json: the experiment, the verdict, and every figure of every run, second by second.</summary>
public static class ReportJsonWriter
{
    public static void Write(Stream stream, Experiment experiment, Verdict verdict, string command, TimeSpan elapsed)
    {
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("title", experiment.Title);
        json.WriteString("description", experiment.Description);
        json.WriteString("file", experiment.File);
        json.WriteString("command", command);
        json.WriteString("verdict", verdict.Word);
        json.WriteNumber("seconds", Math.Round(elapsed.TotalSeconds, 1));
        json.WriteStartArray("seeds");
        foreach (var seed in experiment.Seeds) json.WriteNumberValue(seed);
        json.WriteEndArray();
        json.WriteStartArray("arms");
        foreach (var arm in experiment.Arms) json.WriteStringValue(arm);
        json.WriteEndArray();
        json.WriteStartObject("sweep");
        foreach (var p in experiment.Sweep) WriteStrings(json, p.Name, p.Values);
        json.WriteEndObject();
        json.WriteStartArray("checks");
        foreach (var check in verdict.Checks) WriteCheck(json, check);
        json.WriteEndArray();
        json.WriteStartArray("runs");
        foreach (var outcome in verdict.Outcomes) WriteRun(json, outcome);
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteCheck(Utf8JsonWriter json, CheckResult result)
    {
        var check = result.Check;
        json.WriteStartObject();
        json.WriteString("name", check.Name);
        json.WriteString("statement", check.Statement);
        json.WriteString("figure", check.Figure.Name);
        if (check.Service is { } service) json.WriteString("service", service);
        json.WriteString("bound", check.AtLeast ? "at-least" : "at-most");
        json.WriteNumber("threshold", check.Threshold);
        json.WriteString("scope", check.Scope.ToString());
        WritePoint(json, result.Point);
        json.WriteBoolean("holds", result.Holds);
        json.WriteStartArray("windows");
        foreach (var w in result.Windows)
        {
            json.WriteStartObject();
            json.WriteString("phase", w.Phase);
            json.WriteNumber("from", w.From);
            json.WriteNumber("to", w.To);
            json.WriteBoolean("holds", w.Holds);
            WriteEstimate(json, "experiment", w.Experiment);
            WriteEstimate(json, "control", w.Control);
            if (w.PValue is { } p)
            {
                json.WriteNumber("p_value", Math.Round(p, 6));
                json.WriteBoolean("significant", p < WindowResult.Alpha);
            }
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteEstimate(Utf8JsonWriter json, string name, Estimate? estimate)
    {
        if (estimate is null) return;
        json.WriteStartObject(name);
        json.WriteNumber("mean", estimate.Mean);
        if (estimate.Low is { } low) json.WriteNumber("low", low);
        if (estimate.High is { } high) json.WriteNumber("high", high);
        json.WriteStartArray("per_seed");
        foreach (var v in estimate.Values) json.WriteNumberValue(v);
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteRun(Utf8JsonWriter json, RunOutcome outcome)
    {
        var run = outcome.Run;
        json.WriteStartObject();
        json.WriteNumber("run", run.Index + 1);
        json.WriteString("arm", run.Arm);
        json.WriteNumber("seed", run.Seed);
        WritePoint(json, run.Point);
        json.WriteNumber("seconds", Math.Round(outcome.Seconds, 2));
        if (outcome.Error is { } error) json.WriteString("error", error);
        json.WriteStartArray("phases");
        foreach (var p in run.Phases)
        {
            json.WriteStartObject();
            json.WriteString("name", p.Name);
            json.WriteNumber("from", p.From);
            json.WriteNumber("to", p.To);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        if (outcome.Result is { } a) WriteResult(json, a);
        json.WriteEndObject();
    }

    private static void WriteResult(Utf8JsonWriter json, Architectures.ArchitectureResult a)
    {
        if (a.Aborted is { } aborted) json.WriteString("aborted", aborted);
        json.WriteNumber("requests", a.Requests);
        json.WriteNumber("answered", a.Completed);
        json.WriteNumber("failed", a.Failed);
        json.WriteNumber("timed_out", a.TimedOut);
        json.WriteNumber("rejected", a.Overloaded);
        json.WriteNumber("p50_seconds", a.P50Seconds);
        json.WriteNumber("p99_seconds", a.P99Seconds);
        json.WriteStartArray("services");
        foreach (var service in (a.Workers ?? []).GroupBy(w => w.Service))
        {
            json.WriteStartObject();
            json.WriteString("service", service.Key);
            if (Figure.Utilization.OfWorkers(service) is { } u) json.WriteNumber("utilization", u);
            if (Figure.Refused.OfWorkers(service) is { } r) json.WriteNumber("refused_share", r);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        var timeline = a.Timeline ?? [];
        json.WriteStartArray("timeline");
        for (var s = 0; s < timeline.Count; s++)
        {
            var second = timeline[s];
            json.WriteStartObject();
            json.WriteNumber("second", s);
            json.WriteNumber("offered", second.Sent);
            json.WriteNumber("answered", second.Answered);
            json.WriteNumber("failed", second.Failed);
            json.WriteNumber("rejected", second.Overloaded);
            foreach (var figure in new[] { Figure.P50, Figure.P95, Figure.P99 })
            {
                if (figure.Over(timeline, s, s + 1) is { } v) json.WriteNumber(figure.Name + "_seconds", v);
            }
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    private static void WritePoint(Utf8JsonWriter json, IReadOnlyDictionary<string, string> point)
    {
        json.WriteStartObject("point");
        foreach (var (k, v) in point) json.WriteString(k, v);
        json.WriteEndObject();
    }

    private static void WriteStrings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var v in values) json.WriteStringValue(v);
        json.WriteEndArray();
    }
}
