using System.IO.Hashing;
using System.Text;

namespace Spigo.Grains.Services;

/// <summary>
/// A Cassandra-style token ring for one region-zone: each node's token is crc32 of its name, and a key belongs to
/// the node with the largest token ≤ crc32(key), wrapping round to the largest token.
/// </summary>
internal sealed class TokenRing
{
    private readonly (uint Token, DependencyInstance Node)[] _ring;

    public TokenRing(IEnumerable<DependencyInstance> nodes)
    {
        _ring = nodes.Select(n => (Hash(n.FullName), n)).OrderBy(t => t.Item1).ThenBy(t => t.n.FullName, StringComparer.Ordinal).ToArray();
    }

    public DependencyInstance Owner(string key)
    {
        var token = Hash(key);
        var owner = _ring[^1].Node;
        foreach (var (t, node) in _ring)
        {
            if (t > token) break;
            owner = node;
        }
        return owner;
    }

    public static uint Hash(string text) => Crc32.HashToUInt32(Encoding.UTF8.GetBytes(text));
}
