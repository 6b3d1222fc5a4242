using System.Globalization;
using System.Net;
using System.Text;

namespace Spigo.Client.Experiments;

/// <summary>
/// A line chart over the seconds of a run as inline SVG — no script, nothing fetched — with the fault phases shaded
/// and named, one line per series. Each series is a <c>path.series</c> with its name in <c>data-series</c>, so a test
/// can find every series a chart should have.
/// </summary>
public static class SvgChart
{
    private const int Width = 560, Height = 236, Left = 64, Right = 12, Top = 40, Bottom = 30;

    public sealed record Series(string Name, string Colour, IReadOnlyList<double?> Values);

    public static string Line(string title, Figure figure, IReadOnlyList<Series> series, IReadOnlyList<PhaseWindow> phases, int seconds)
    {
        var max = series.SelectMany(s => s.Values).Where(v => v is not null).Select(v => v!.Value).DefaultIfEmpty(0).Max();
        if (figure.Kind == FigureKind.Share) max = Math.Max(max, 0.01);
        var top = Nice(max <= 0 ? 1 : max * 1.1);
        var span = Math.Max(1, seconds);
        double X(double s) => Left + s / span * (Width - Left - Right);
        double Y(double v) => Top + (1 - v / top) * (Height - Top - Bottom);
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart\" data-chart=\"{Encode(title)}\" viewBox=\"0 0 {Width} {Height}\" width=\"{Width}\" height=\"{Height}\" role=\"img\" aria-label=\"{Encode(title)}\">");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left}\" y=\"16\" class=\"title\">{Encode(title)}</text>");
        var shaded = phases.Where(p => p.Name != PhaseWindow.Before).ToList();
        foreach (var phase in shaded)
        {
            var shade = phase.AfterFault ? "after" : "fault";
            svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"phase {shade}\" x=\"{X(phase.From):0.#}\" y=\"{Top}\" width=\"{Math.Max(1, X(phase.To) - X(phase.From)):0.#}\" height=\"{Height - Top - Bottom}\"><title>{Encode(phase.Name)}: {phase.From}–{phase.To} s</title></rect>");
        }
        // Each fault's name over its own shading, cut to fit it (about 5.5 units a character at this size).
        foreach (var phase in shaded.Where(p => !p.AfterFault))
        {
            var fits = Math.Max(0, (int)((X(phase.To) - X(phase.From) - 6) / 5.5));
            var label = phase.Name.Length <= fits ? phase.Name : fits > 1 ? phase.Name[..(fits - 1)] + "…" : "";
            if (label.Length > 0) svg.Append(CultureInfo.InvariantCulture, $"<text class=\"phase-name\" x=\"{X(phase.From) + 3:0.#}\" y=\"{Top + 11}\">{Encode(label)}</text>");
        }
        for (var k = 0; k <= 4; k++)
        {
            var v = top * k / 4;
            svg.Append(CultureInfo.InvariantCulture, $"<line class=\"grid\" x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{Y(v):0.#}\" y2=\"{Y(v):0.#}\"/><text class=\"tick\" x=\"{Left - 4}\" y=\"{Y(v) + 4:0.#}\" text-anchor=\"end\">{Encode(figure.Format(v))}</text>");
        }
        var step = Math.Max(1, (int)Nice(span / 6.0));
        for (var s = 0; s <= span; s += step)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"tick\" x=\"{X(s):0.#}\" y=\"{Height - Bottom + 16}\" text-anchor=\"middle\">{s}s</text>");
        }
        foreach (var s in series)
        {
            var d = PathOf(s.Values, span, i => X(i + 0.5), v => Y(Math.Min(v, top)));
            svg.Append(CultureInfo.InvariantCulture, $"<path class=\"series\" data-series=\"{Encode(s.Name)}\" stroke=\"{s.Colour}\" d=\"{d}\"><title>{Encode(s.Name)}</title></path>");
        }
        var legend = Left;
        foreach (var s in series)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{legend}\" y=\"22\" width=\"10\" height=\"10\" fill=\"{s.Colour}\"/><text class=\"legend\" x=\"{legend + 14}\" y=\"31\">{Encode(s.Name)}</text>");
            legend += 100;
        }
        svg.Append("</svg>");
        return svg.ToString();
    }

    /// <summary>An SVG path through the seconds' values: a gap (a second with no value) lifts the pen.</summary>
    private static string PathOf(IReadOnlyList<double?> values, int span, Func<int, double> x, Func<double, double> y)
    {
        var d = new StringBuilder();
        var pen = 'M';
        for (var i = 0; i < values.Count && i < span; i++)
        {
            if (values[i] is not { } v)
            {
                pen = 'M';
                continue;
            }
            d.Append(CultureInfo.InvariantCulture, $"{pen}{x(i):0.#},{y(v):0.#} ");
            pen = 'L';
        }
        return d.ToString().TrimEnd();
    }

    private static readonly int[] Multiples = [1, 2, 5, 10];

    /// <summary>1, 2 or 5 times a power of ten, at least <paramref name="value"/>.</summary>
    private static double Nice(double value)
    {
        var power = Math.Pow(10, Math.Floor(Math.Log10(value)));
        return Multiples.Select(m => m * power).First(v => v >= value - 1e-12);
    }

    public static string Encode(string text) => WebUtility.HtmlEncode(text);
}
