using Spigo.Gotocol;

namespace Spigo.Grains.Services;

/// <summary>
/// Copies of writes that reached a ring node while it was down (an activation not set up again yet): kept, as
/// Cassandra's hinted handoff keeps them, and applied once the node is back and knows its rings. Bounded: beyond
/// <see cref="Limit"/> a copy is lost, as a hint past its window is.
/// </summary>
internal sealed class HeldCopies
{
    public const int Limit = 10_000;

    private readonly List<GotocolMessage> _copies = [];

    public int Count => _copies.Count;

    public void Keep(GotocolMessage copy)
    {
        if (_copies.Count < Limit) _copies.Add(copy);
    }

    public IReadOnlyList<GotocolMessage> All => _copies;
}
