using System.Globalization;
using System.Text;
using Spigo.Client.Architectures;

namespace Spigo.Client.Experiments;

/// <summary>
/// The architecture as an inline SVG: its services in columns by their distance from the traffic's entry, each with
/// its package and instance count, and an arrow to each dependency; the services the hypothesis names or the method
/// strikes are marked.
/// </summary>
public static class ArchitecturePicture
{
    private const int ColumnWidth = 170, RowHeight = 46, BoxWidth = 140, BoxHeight = 34, Margin = 12;

    public static string Svg(ArchitecturePlan plan, IReadOnlySet<string> marked)
    {
        var services = plan.Definition.Services;
        var depth = Depths(plan.Definition);
        var columns = services.GroupBy(s => depth.GetValueOrDefault(s.Name)).OrderBy(g => g.Key).ToList();
        var place = new Dictionary<string, (double X, double Y)>(StringComparer.Ordinal);
        foreach (var column in columns)
        {
            var row = 0;
            foreach (var s in column) place[s.Name] = (Margin + column.Key * ColumnWidth, Margin + row++ * RowHeight);
        }
        var width = Margin * 2 + columns.Count * ColumnWidth;
        var height = Margin * 2 + Math.Max(1, columns.Max(c => c.Count())) * RowHeight;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"architecture\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-label=\"architecture\">");
        svg.Append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"6\" markerHeight=\"6\" orient=\"auto\"><path d=\"M0,0L10,5L0,10z\" fill=\"#888\"/></marker></defs>");
        foreach (var s in services)
        {
            foreach (var d in s.Dependencies.Where(place.ContainsKey).Where(d => d != s.Name))
            {
                var (x1, y1) = place[s.Name];
                var (x2, y2) = place[d];
                var back = x2 <= x1;
                svg.Append(CultureInfo.InvariantCulture, $"<line class=\"edge\" x1=\"{x1 + (back ? 0 : BoxWidth)}\" y1=\"{y1 + BoxHeight / 2.0}\" x2=\"{x2 + (back ? BoxWidth : 0)}\" y2=\"{y2 + BoxHeight / 2.0}\" marker-end=\"url(#arrow)\"/>");
            }
        }
        foreach (var s in services)
        {
            var (x, y) = place[s.Name];
            var count = plan.OfService(s.Name).Count();
            svg.Append(CultureInfo.InvariantCulture, $"<g class=\"service{(marked.Contains(s.Name) ? " marked" : "")}\" data-service=\"{SvgChart.Encode(s.Name)}\"><rect x=\"{x}\" y=\"{y}\" width=\"{BoxWidth}\" height=\"{BoxHeight}\" rx=\"5\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + 6}\" y=\"{y + 14}\" class=\"name\">{SvgChart.Encode(s.Name)}</text><text x=\"{x + 6}\" y=\"{y + 28}\" class=\"package\">{SvgChart.Encode(s.Package)} × {count}</text></g>");
        }
        svg.Append("</svg>");
        return svg.ToString();
    }

    /// <summary>Each service's distance from the root (the traffic's entry) along dependencies; unreachable ones after the rest.</summary>
    private static Dictionary<string, int> Depths(ArchitectureDefinition definition)
    {
        var depth = new Dictionary<string, int>(StringComparer.Ordinal) { [definition.Root.Name] = 0 };
        var queue = new Queue<string>([definition.Root.Name]);
        var byName = definition.Services.ToDictionary(s => s.Name, StringComparer.Ordinal);
        while (queue.Count > 0)
        {
            var name = queue.Dequeue();
            foreach (var d in byName.TryGetValue(name, out var s) ? s.Dependencies : [])
            {
                if (byName.ContainsKey(d) && depth.TryAdd(d, depth[name] + 1)) queue.Enqueue(d);
            }
        }
        var deepest = depth.Values.DefaultIfEmpty(0).Max();
        foreach (var s in definition.Services) depth.TryAdd(s.Name, deepest + 1);
        return depth;
    }
}
