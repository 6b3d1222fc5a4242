namespace Spigo.Client.Architectures;

/// <summary>
/// The nanoservices of a running architecture: those Asgard planned, and those the auto-scaler launched since, less
/// those it took out. The Simian Army picks its targets here (a gorilla takes a zone's launched instances too), Asgard
/// sets up again from here what a lost silo took, and the run's end says Goodbye to what is here.
/// </summary>
public sealed class Fleet(ArchitecturePlan plan)
{
    private readonly Lock _lock = new();
    private readonly List<PlannedNode> _nodes = [.. plan.Nodes];
    private readonly Dictionary<string, PlannedNode> _byName = plan.Nodes.ToDictionary(n => n.FullName, StringComparer.Ordinal);
    private readonly HashSet<string> _taken = new(StringComparer.Ordinal);

    public ArchitecturePlan Plan => plan;

    /// <summary>The nanoservices now (a copy: the fleet changes while the run goes on).</summary>
    public IReadOnlyList<PlannedNode> Nodes
    {
        get { lock (_lock) return [.. _nodes]; }
    }

    public IEnumerable<PlannedNode> OfService(string service) => Nodes.Where(n => n.Name.Service == service);

    public bool TryGet(string name, out PlannedNode node)
    {
        lock (_lock) return _byName.TryGetValue(name, out node!);
    }

    /// <summary>Whether any nanoservice ever had this name in this run (a launched instance takes a name never used).</summary>
    public bool Used(string name)
    {
        lock (_lock) return _byName.ContainsKey(name) || _taken.Contains(name);
    }

    /// <summary>An instance the auto-scaler launched joins.</summary>
    public void Launch(PlannedNode node)
    {
        lock (_lock)
        {
            if (!_byName.TryAdd(node.FullName, node)) return;
            _nodes.Add(node);
        }
    }

    /// <summary>An instance leaves for good: the auto-scaler took it out, or it was the chaos monkey's victim.</summary>
    public void TakeOut(string name)
    {
        lock (_lock)
        {
            if (!_byName.Remove(name, out var node)) return;
            _nodes.Remove(node);
            _taken.Add(name);
        }
    }
}
