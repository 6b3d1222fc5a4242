using System.Globalization;
using System.Text;
using static Spigo.Client.Experiments.SvgChart;

namespace Spigo.Client.Experiments;

/// <summary>
/// FILE.report.html: one self-contained page (inline CSS and SVG, no script, nothing fetched) with the hypothesis and
/// verdict first, the sweep's grid, each arm's answered rate, error share and response times over time with the fault
/// phases shaded, the phase table, the figures of the services the checks name, the architecture, the runs, and the
/// command and file that reproduce it.
/// </summary>
public static class HtmlReport
{
    private static readonly Dictionary<string, string> Colours = new(StringComparer.Ordinal)
    {
        [ExperimentRun.ExperimentArm] = "#d9480f",
        [ExperimentRun.ControlArm] = "#1c7ed6",
    };

    private static readonly Figure[] Plotted = [Figure.AnsweredPerSecond, Figure.ErrorShare, Figure.P50, Figure.P99];

    public static void Write(Stream stream, Experiment experiment, Verdict verdict, string command)
    {
        var html = new StringBuilder();
        var title = experiment.Title.Length > 0 ? experiment.Title : Path.GetFileNameWithoutExtension(experiment.File);
        html.Append(CultureInfo.InvariantCulture, $"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{Encode(title)}: {verdict.Word}</title><style>{Style}</style></head><body>");
        html.Append(CultureInfo.InvariantCulture, $"<header><h1>{Encode(title)}</h1><p class=\"verdict {verdict.Word.ToLowerInvariant()}\" id=\"verdict\">{verdict.Word}</p>");
        if (experiment.Description.Length > 0) html.Append(CultureInfo.InvariantCulture, $"<p>{Encode(experiment.Description)}</p>");
        html.Append(CultureInfo.InvariantCulture, $"<p class=\"small\">{verdict.Outcomes.Count} runs: {string.Join(" and ", experiment.Arms)} arm{(experiment.Control ? "s" : "")}, seeds {experiment.Seeds.First()}–{experiment.Seeds.Last()}{(experiment.Sweep.Count > 0 ? $", {experiment.Points.Count} sweep points" : "")}.</p></header>");
        if (experiment.Sweep.Count > 0)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p id=\"points\">{verdict.PointsHolding} of {experiment.Points.Count} sweep points hold the hypothesis.</p>");
            Grid(html, experiment, verdict);
            html.Append("<details><summary>Every check at every sweep point</summary>");
            Hypothesis(html, experiment, verdict);
            html.Append("</details>");
        }
        else
        {
            Hypothesis(html, experiment, verdict);
        }
        foreach (var (point, i) in experiment.Points.Select((p, i) => (p, i)))
        {
            var outcomes = verdict.Outcomes.Where(o => o.Result is not null && ExperimentRun.PointNameOf(o.Run.Point) == ExperimentRun.PointNameOf(point)).ToList();
            if (outcomes.Count == 0) continue;
            html.Append(CultureInfo.InvariantCulture, $"<details class=\"point\"{(i == 0 ? " open" : "")}><summary>{(point.Count > 0 ? Encode(ExperimentRun.PointNameOf(point)) : "Over time")}</summary>");
            Charts(html, outcomes);
            Phases(html, outcomes);
            Services(html, experiment, outcomes);
            html.Append("</details>");
        }
        var plan = verdict.Outcomes[0].Run.Plan.Architecture!;
        var marked = experiment.Hypothesis.Select(c => c.Service).OfType<string>().Concat(verdict.Outcomes[0].Run.Options.Faults.Select(f => f.Target)).ToHashSet(StringComparer.Ordinal);
        html.Append(CultureInfo.InvariantCulture, $"<h2>The architecture</h2><div class=\"scroll\">{ArchitecturePicture.Svg(plan, marked)}</div>");
        Runs(html, verdict);
        html.Append(CultureInfo.InvariantCulture, $"<h2>Reproduce</h2><pre id=\"command\">{Encode(command)}</pre><p class=\"small\">{Encode(experiment.File)}:</p><pre id=\"file\">{Encode(experiment.Text)}</pre>");
        html.Append("</body></html>");
        var bytes = Encoding.UTF8.GetBytes(html.ToString());
        stream.Write(bytes);
    }

    private static void Hypothesis(StringBuilder html, Experiment experiment, Verdict verdict)
    {
        html.Append("<h2>Hypothesis</h2><table id=\"hypothesis\"><tr><th>check</th><th>where</th><th></th><th>experiment (mean [95% CI])</th>");
        if (experiment.Control) html.Append("<th>control</th><th>differ? (Mann–Whitney)</th>");
        html.Append("</tr>");
        foreach (var result in verdict.Checks)
        {
            var figure = result.Check.Figure;
            foreach (var (w, i) in result.Windows.Select((w, i) => (w, i)))
            {
                html.Append(CultureInfo.InvariantCulture, $"<tr class=\"{(w.Holds ? "holds" : "broken")}\">");
                if (i == 0) html.Append(CultureInfo.InvariantCulture, $"<td rowspan=\"{result.Windows.Count}\">{Encode(result.Check.Name)}{(result.Point.Count > 0 ? $"<br><span class=\"small\">{Encode(ExperimentRun.PointNameOf(result.Point))}</span>" : "")}<br><span class=\"small\">{Encode(result.Check.Statement)}</span></td>");
                html.Append(CultureInfo.InvariantCulture, $"<td>{Encode(w.Phase)}</td><td>{(w.Holds ? "holds" : "BROKEN")}</td><td>{Encode(w.Experiment?.Format(figure) ?? "nothing measured")}</td>");
                if (experiment.Control) html.Append(CultureInfo.InvariantCulture, $"<td>{Encode(w.Control?.Format(figure) ?? "")}</td><td>{(w.PValue is { } p ? $"{(p < WindowResult.Alpha ? "yes" : "no")} (p={p:0.###})" : "")}</td>");
                html.Append("</tr>");
            }
            if (result.Windows.Count == 0) html.Append(CultureInfo.InvariantCulture, $"<tr class=\"broken\"><td>{Encode(result.Check.Name)}</td><td colspan=\"5\">nothing to measure</td></tr>");
        }
        html.Append("</table>");
        foreach (var stopped in verdict.Stopped)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"aborted\">Run {stopped.Run.Index + 1} ({Encode(ExperimentRunner.Describe(stopped.Run))}) {(stopped.Result?.Aborted is not null ? "aborted" : "failed")}: {Encode(stopped.Stopped!)}</p>");
        }
    }

    /// <summary>The sweep as a heat map: the first parameter down, the others across; each cell the grid check's figure where it is worst.</summary>
    private static void Grid(StringBuilder html, Experiment experiment, Verdict verdict)
    {
        var check = experiment.Grid!;
        var rows = experiment.Sweep[0];
        var columns = experiment.Points.Select(p => ExperimentRun.PointNameOf(p.Where(kv => kv.Key != rows.Name).ToDictionary())).Distinct().ToList();
        var results = verdict.Checks.Where(c => c.Check == check).ToList();
        var values = results.Select(r => r.Worst?.Experiment?.Mean).OfType<double>().ToList();
        double lo = values.DefaultIfEmpty(0).Min(), hi = values.DefaultIfEmpty(1).Max();
        html.Append(CultureInfo.InvariantCulture, $"<h2>Sweep: {Encode(check.Name)}</h2><table id=\"grid\" class=\"grid\"><tr><th>{Encode(rows.Name)}</th>");
        foreach (var c in columns) html.Append(CultureInfo.InvariantCulture, $"<th>{Encode(c)}</th>");
        html.Append("</tr>");
        foreach (var r in rows.Values)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><th>{Encode(r)}</th>");
            foreach (var c in columns)
            {
                var all = verdict.Checks.Where(x => x.Point.GetValueOrDefault(rows.Name) == r && ExperimentRun.PointNameOf(x.Point.Where(kv => kv.Key != rows.Name).ToDictionary()) == c).ToList();
                var cell = all.FirstOrDefault(x => x.Check == check);
                var holds = all.Count > 0 && all.All(x => x.Holds);
                var mean = cell?.Worst?.Experiment?.Mean;
                var strength = mean is { } m && hi > lo ? 0.25 + 0.6 * (m - lo) / (hi - lo) : 0.5;
                var colour = holds ? $"rgba(47,158,68,{strength:0.##})" : $"rgba(224,49,49,{strength:0.##})";
                html.Append(CultureInfo.InvariantCulture, $"<td class=\"cell {(holds ? "holds" : "broken")}\" style=\"background:{colour}\">{(mean is { } v ? Encode(check.Figure.Format(v)) : "—")}<br><span class=\"small\">{(holds ? "holds" : "broken")}</span></td>");
            }
            html.Append("</tr>");
        }
        html.Append("</table><p class=\"small\">Each cell: the figure where it is worst, mean over the seeds; green where every check holds.</p>");
    }

    private static void Charts(StringBuilder html, List<RunOutcome> outcomes)
    {
        var seconds = (int)outcomes[0].Run.Options.Duration.TotalSeconds;
        var phases = outcomes.First(o => o.Run.Arm == ExperimentRun.ExperimentArm).Run.Phases;
        html.Append("<div class=\"charts\">");
        foreach (var figure in Plotted)
        {
            var series = outcomes.GroupBy(o => o.Run.Arm).OrderBy(g => g.Key).Select(arm => new Series(arm.Key, Colours.GetValueOrDefault(arm.Key, "#555"),
                [.. Enumerable.Range(0, seconds).Select(s => Mean(arm.Select(o => figure.Over(o.Result!.Timeline ?? [], s, s + 1))))])).ToList();
            html.Append(Line(figure.Meaning, figure, series, phases, seconds));
        }
        html.Append("</div>");
    }

    private static void Phases(StringBuilder html, List<RunOutcome> outcomes)
    {
        var phases = outcomes.First(o => o.Run.Arm == ExperimentRun.ExperimentArm).Run.Phases;
        html.Append("<h3>Phases</h3><table class=\"phases\"><tr><th>phase</th><th>seconds</th><th>arm</th><th>offered/s</th><th>answered/s</th><th>error share</th><th>rejected</th><th>p50</th><th>p99</th></tr>");
        foreach (var phase in phases)
        {
            foreach (var arm in outcomes.GroupBy(o => o.Run.Arm).OrderBy(g => g.Key))
            {
                string Cell(Figure f) => Mean(arm.Select(o => f.Over(o.Result!.Timeline ?? [], phase.From, phase.To))) is { } v ? f.Format(v) : "—";
                var offered = Mean(arm.Select(o => (double?)(o.Result!.Timeline ?? []).Skip(phase.From).Take(phase.To - phase.From).Sum(s => s.Sent) / Math.Max(1, phase.To - phase.From)));
                html.Append(CultureInfo.InvariantCulture, $"<tr><td>{Encode(phase.Name)}</td><td>{phase.From}–{phase.To}</td><td>{arm.Key}</td><td>{offered:0.#}</td><td>{Cell(Figure.AnsweredPerSecond)}</td><td>{Cell(Figure.ErrorShare)}</td><td>{Cell(Figure.RejectedShare)}</td><td>{Cell(Figure.P50)}</td><td>{Cell(Figure.P99)}</td></tr>");
            }
        }
        html.Append("</table>");
    }

    private static void Services(StringBuilder html, Experiment experiment, List<RunOutcome> outcomes)
    {
        var named = experiment.Hypothesis.Select(c => c.Service).OfType<string>().Distinct().ToList();
        if (named.Count == 0) return;
        html.Append("<h3>Services the checks name</h3><table class=\"services\"><tr><th>service</th><th>arm</th><th>utilization</th><th>refused share</th></tr>");
        foreach (var service in named)
        {
            foreach (var arm in outcomes.GroupBy(o => o.Run.Arm).OrderBy(g => g.Key))
            {
                string Cell(Figure f) => Mean(arm.Select(o => f.OfWorkers((o.Result!.Workers ?? []).Where(w => w.Service == service)))) is { } v ? f.Format(v) : "—";
                html.Append(CultureInfo.InvariantCulture, $"<tr><td>{Encode(service)}</td><td>{arm.Key}</td><td>{Cell(Figure.Utilization)}</td><td>{Cell(Figure.Refused)}</td></tr>");
            }
        }
        html.Append("</table>");
    }

    private static void Runs(StringBuilder html, Verdict verdict)
    {
        html.Append("<h2>Runs</h2><table id=\"runs\"><tr><th>run</th><th>arm</th><th>seed</th><th>sweep point</th><th>requests</th><th>answered</th><th>p50</th><th>p99</th><th>seconds</th><th></th></tr>");
        foreach (var o in verdict.Outcomes)
        {
            var a = o.Result;
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{o.Run.Index + 1}</td><td>{o.Run.Arm}</td><td>{o.Run.Seed}</td><td>{Encode(o.Run.PointName)}</td><td>{a?.Requests}</td><td>{(a is { Requests: > 0 } ? $"{100.0 * a.Completed / a.Requests:0.0}%" : "")}</td><td>{(a is null ? "" : Figure.P50.Format(a.P50Seconds))}</td><td>{(a is null ? "" : Figure.P99.Format(a.P99Seconds))}</td><td>{o.Seconds:0.0}</td><td>{Encode(o.Stopped ?? "")}</td></tr>");
        }
        html.Append("</table>");
    }

    private static double? Mean(IEnumerable<double?> values)
    {
        var present = values.OfType<double>().ToList();
        return present.Count > 0 ? present.Average() : null;
    }

    private const string Style = """
        body{font:14px/1.45 system-ui,sans-serif;margin:24px auto;max-width:1180px;color:#222;padding:0 16px}
        h1{margin:0 0 4px}h2{margin-top:28px;border-bottom:1px solid #ddd}
        .verdict{display:inline-block;font-weight:700;font-size:20px;padding:4px 14px;border-radius:6px;color:#fff;margin:6px 0}
        .verdict.holds{background:#2f9e44}.verdict.broken{background:#e03131}.verdict.aborted{background:#f08c00}
        table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}
        tr.broken td{background:#fff0f0}tr.holds td{background:#f4fbf5}.small{color:#666;font-size:12px}
        .charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(560px,1fr));gap:8px}
        .chart{background:#fff;border:1px solid #eee}.chart .title{font-weight:600;font-size:12px}
        .chart .tick,.chart .legend,.chart .phase-name{font-size:10px;fill:#555}.chart .grid{stroke:#eee}
        .chart .series{fill:none;stroke-width:1.8}.phase.fault{fill:#ffe3e3}.phase.after{fill:#f1f3f5}
        .architecture rect{fill:#e7f5ff;stroke:#74c0fc}.architecture .marked rect{fill:#fff4e6;stroke:#f76707}
        .architecture .name{font-size:12px;font-weight:600}.architecture .package{font-size:10px;fill:#555}.architecture .edge{stroke:#aaa}
        .grid .cell{text-align:center;min-width:80px}.scroll{overflow-x:auto}pre{background:#f8f9fa;padding:8px;overflow-x:auto}
        details.point{margin:12px 0}details.point>summary{font-weight:600;font-size:16px;cursor:pointer}.aborted{color:#c92a2a;font-weight:600}
        """;
}
