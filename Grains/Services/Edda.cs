using Spigo.Edda;
using Spigo.Gotocol;
using Spigo.Grains.Placement;
using Spigo.Names;

namespace Spigo.Grains.Services;

/// <summary>
/// Records nodes, edges and done events in the order they arrive. An edge is recorded once per
/// (source, target); edge ids e1, e2, … follow that order, as in spigo's files.
/// </summary>
/// <remarks>Placed on the silo its key names (a copy of an <see cref="EddaPair"/>), or where it is first called.</remarks>
[GrainType(GrainTypes.Edda), SiloPinnedPlacement]
public sealed class EddaGrain : Grain, IEdda
{
    private readonly List<EddaEntry> _entries = [];
    private readonly HashSet<(string Source, string Target)> _edges = [];
    private readonly HashSet<string> _nodes = new(StringComparer.Ordinal);

    public Task Listen(GotocolMessage message)
    {
        Append(message);
        return Task.CompletedTask;
    }

    public Task Record(GotocolMessage[] messages)
    {
        foreach (var message in messages) Append(message);
        return Task.CompletedTask;
    }

    public Task<int> Count() => Task.FromResult(_entries.Count);

    public Task<EddaEntry[]> Read(int from, int max)
    {
        from = Math.Clamp(from, 0, _entries.Count);
        var count = Math.Clamp(max, 0, _entries.Count - from);
        return Task.FromResult(_entries.GetRange(from, count).ToArray());
    }

    private void Append(GotocolMessage message)
    {
        if (!Intention.TrySplitPair(message.Intention, out var first, out var second)) return;
        var when = message.Sent;
        switch (message.Imposition)
        {
            case Imposition.Hello when _nodes.Add(first):
                _entries.Add(EddaEntry.Node(first, second, when));
                break;
            case Imposition.Inform when _edges.Add((first, second)):
                _entries.Add(EddaEntry.Edge(NextEdgeId(), first, second, when));
                break;
            case Imposition.Goodbye or Imposition.Delete:
                _entries.Add(EddaEntry.Done(first, second, when));
                break;
            case Imposition.Put:
                _entries.Add(EddaEntry.Event(first, second, when));
                break;
        }
    }

    private string NextEdgeId() => "e" + (_edges.Count).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
