using System.Text;
using System.Xml;
using Spigo.Edda;
using Spigo.Gotocol;

namespace Spigo.Client.Output;

/// <summary>
/// Writes GraphML that a standard reader (yEd, networkx, Gephi) loads: every data key it uses is declared,
/// every edge end is a declared node, and edges are directed. Done nodes carry their exit reason.
/// </summary>
public static class GraphMlWriter
{
    private const string Ns = "http://graphml.graphdrawing.org/xmlns";

    public static void Write(GraphDocument document, Stream stream)
    {
        var nodes = new Dictionary<string, string>(StringComparer.Ordinal);
        var exits = new Dictionary<string, string>(StringComparer.Ordinal);
        var edges = new List<EddaEntry>();
        foreach (var e in document.Entries)
        {
            switch (e.Kind)
            {
                case EddaEntryKind.Node: nodes.TryAdd(e.Name, e.Package ?? ""); break;
                case EddaEntryKind.Edge:
                    nodes.TryAdd(e.Source!, GraphJsonReader.PackageOf(e.Source!));
                    nodes.TryAdd(e.Target!, GraphJsonReader.PackageOf(e.Target!));
                    edges.Add(e);
                    break;
                case EddaEntryKind.Done: exits[e.Name] = e.Exit ?? ExitReason.Normal; break;
            }
        }

        var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true, IndentChars = "  " };
        using var xml = XmlWriter.Create(stream, settings);
        xml.WriteStartDocument();
        xml.WriteStartElement("graphml", Ns);
        Key(xml, "service", "node", "service");
        Key(xml, "package", "node", "package");
        Key(xml, "exit", "node", "exit");
        xml.WriteStartElement("graph", Ns);
        xml.WriteAttributeString("id", document.Arch.Length > 0 ? document.Arch : "spigo");
        xml.WriteAttributeString("edgedefault", "directed");
        foreach (var (name, package) in nodes)
        {
            xml.WriteStartElement("node", Ns);
            xml.WriteAttributeString("id", name);
            Data(xml, "service", ServiceOf(name, package));
            Data(xml, "package", package);
            if (exits.TryGetValue(name, out var exit)) Data(xml, "exit", exit);
            xml.WriteEndElement();
        }
        foreach (var e in edges)
        {
            xml.WriteStartElement("edge", Ns);
            xml.WriteAttributeString("id", e.Name);
            xml.WriteAttributeString("source", e.Source);
            xml.WriteAttributeString("target", e.Target);
            xml.WriteEndElement();
        }
        xml.WriteEndElement();
        xml.WriteEndElement();
        xml.WriteEndDocument();
    }

    public static void Write(GraphDocument document, string path) => AtomicFile.Write(path, s => Write(document, s));

    private static string ServiceOf(string name, string package)
    {
        var parts = name.Split('.');
        return parts.Length == Names.NanoName.PartCount ? parts[3] : package;
    }

    private static void Key(XmlWriter xml, string id, string target, string name)
    {
        xml.WriteStartElement("key", Ns);
        xml.WriteAttributeString("id", id);
        xml.WriteAttributeString("for", target);
        xml.WriteAttributeString("attr.name", name);
        xml.WriteAttributeString("attr.type", "string");
        xml.WriteEndElement();
    }

    private static void Data(XmlWriter xml, string key, string value)
    {
        xml.WriteStartElement("data", Ns);
        xml.WriteAttributeString("key", key);
        xml.WriteString(value);
        xml.WriteEndElement();
    }
}
