using System.Globalization;
using System.Xml;

namespace Spigo.Client.Experiments;

/// <summary>
/// The verdict as JUnit XML, which CI systems show without a plugin: one test suite, each check at each sweep point a
/// test case (a failure when it breaks), and each run that aborted or failed a test case that failed.
/// </summary>
public static class JUnitWriter
{
    public static void Write(Stream stream, string name, Experiment experiment, Verdict verdict, TimeSpan elapsed)
    {
        using var xml = XmlWriter.Create(stream, new XmlWriterSettings { Indent = true, Encoding = new System.Text.UTF8Encoding(false) });
        var stopped = verdict.Stopped.ToList();
        xml.WriteStartElement("testsuites");
        xml.WriteStartElement("testsuite");
        xml.WriteAttributeString("name", experiment.Title.Length > 0 ? experiment.Title : name);
        xml.WriteAttributeString("tests", (verdict.Checks.Count + stopped.Count).ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("failures", (verdict.Checks.Count(c => !c.Holds) + stopped.Count).ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("errors", "0");
        xml.WriteAttributeString("time", elapsed.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture));
        foreach (var check in verdict.Checks)
        {
            xml.WriteStartElement("testcase");
            xml.WriteAttributeString("classname", name);
            xml.WriteAttributeString("name", check.Check.Name + (check.Point.Count > 0 ? $" [{ExperimentRun.PointNameOf(check.Point)}]" : ""));
            if (!check.Holds)
            {
                xml.WriteStartElement("failure");
                xml.WriteAttributeString("message", check.Summary.Trim());
                xml.WriteString(string.Join('\n', check.Windows.Select(w => $"{w.Phase}: {w.Experiment?.Format(check.Check.Figure) ?? "nothing measured"}{(w.Holds ? "" : " (broken)")}")));
                xml.WriteEndElement();
            }
            xml.WriteEndElement();
        }
        foreach (var run in stopped)
        {
            xml.WriteStartElement("testcase");
            xml.WriteAttributeString("classname", name);
            xml.WriteAttributeString("name", $"run {run.Run.Index + 1} ({ExperimentRunner.Describe(run.Run)})");
            xml.WriteStartElement("failure");
            xml.WriteAttributeString("message", (run.Result?.Aborted is not null ? "aborted: " : "failed: ") + run.Stopped);
            xml.WriteEndElement();
            xml.WriteEndElement();
        }
        xml.WriteEndElement();
        xml.WriteEndElement();
    }
}
