using Spigo.Gotocol;
using Spigo.Names;

namespace Spigo.Grains.Simulation;

/// <summary>
/// The partitions of one silo's simulated network: pairs of sides (a region, or a region's zone) of a run between which
/// Gotocol messages are lost. Nanoservices check it as a message is delivered, by the sender each message names, so a
/// run without a partition pays one boolean test a message. A copy of a write (Replicate) lost to a partition is kept as
/// a hint, as Cassandra's hinted handoff keeps it, and handed back when the partition heals, to be delivered then.
/// </summary>
public sealed class NetworkPartitions
{
    private readonly Lock _lock = new();
    private Cut[] _cuts = [];

    /// <summary>Whether any partition is in force on this silo.</summary>
    public bool Active { get; private set; }

    public void Add(string arch, string sideA, string sideB)
    {
        lock (_lock)
        {
            if (_cuts.Any(c => c.Is(arch, sideA, sideB))) return;
            _cuts = [.. _cuts, new Cut(arch, sideA, sideB)];
            Active = true;
        }
    }

    /// <summary>The most hints one partition keeps on one silo; copies lost beyond them are lost for good.</summary>
    public const int MaxHints = 100_000;

    /// <summary>Heals a partition: how many messages it cost, and the hints to deliver now.</summary>
    public (long Dropped, IReadOnlyList<Hint> Hints) Remove(string arch, string sideA, string sideB)
    {
        lock (_lock)
        {
            var cut = _cuts.FirstOrDefault(c => c.Is(arch, sideA, sideB));
            if (cut is null) return (0, []);
            _cuts = [.. _cuts.Where(c => c != cut)];
            Active = _cuts.Length > 0;
            lock (cut.Hints) return (cut.Dropped, [.. cut.Hints]);
        }
    }

    /// <summary>Whether <paramref name="message"/> from <paramref name="sender"/> to <paramref name="receiver"/> is lost (and counts it if so).</summary>
    public bool Cuts(string sender, string receiver, GotocolMessage message)
    {
        if (!Active || !NanoName.TryParse(sender, out var from, out _) || !NanoName.TryParse(receiver, out var to, out _)) return false;
        foreach (var cut in _cuts)
        {
            if (cut.Separates(from, to))
            {
                Interlocked.Increment(ref cut.Dropped);
                if (message.Imposition == Imposition.Replicate)
                {
                    lock (cut.Hints)
                    {
                        if (cut.Hints.Count < MaxHints) cut.Hints.Add(new Hint(receiver, message));
                    }
                }
                return true;
            }
        }
        return false;
    }

    private sealed class Cut(string arch, string sideA, string sideB)
    {
        public long Dropped;
        public readonly List<Hint> Hints = [];

        public bool Is(string a, string x, string y) => a == arch && ((x == sideA && y == sideB) || (x == sideB && y == sideA));

        public bool Separates(NanoName from, NanoName to) =>
            from.Arch == arch && to.Arch == arch && ((In(from, sideA) && In(to, sideB)) || (In(from, sideB) && In(to, sideA)));

        /// <summary>A side is a region ("us-east-1") or a region's zone ("us-east-1.zoneA").</summary>
        private static bool In(NanoName name, string side) =>
            side.Length == name.Region.Length ? side == name.Region
                : side.Length == name.Region.Length + 1 + name.Zone.Length && side.StartsWith(name.Region, StringComparison.Ordinal)
                  && side[name.Region.Length] == '.' && side.EndsWith(name.Zone, StringComparison.Ordinal);
    }
}
