using Spigo.Gotocol;
using Spigo.Grains.Services;
using Spigo.Tests.Cluster;

namespace Spigo.Tests.Architectures;

/// <summary>The Priam-managed Cassandra ring, driven by hand: two zones of three nodes that know each other.</summary>
[Collection(ClusterCollection.Name)]
public class CassandraRingTests(ClusterFixture fixture)
{
    private static readonly string[] ZoneA = [.. Enumerable.Range(0, 3).Select(i => $"ringhandoff.us-east-1.zoneA.cass.priamCassandra.cass{i}")];
    private static readonly string[] ZoneB = [.. Enumerable.Range(3, 3).Select(i => $"ringhandoff.us-east-1.zoneB.cass.priamCassandra.cass{i}")];

    /// <summary>The owner of a key on a zone's ring: the largest token at or below the key's, wrapping round.</summary>
    private static string OwnerOf(string key, string[] zone)
    {
        var ring = zone.OrderBy(TokenRing.Hash).ToArray();
        var token = TokenRing.Hash(key);
        return ring.LastOrDefault(n => TokenRing.Hash(n) <= token) ?? ring[^1];
    }

    [Fact]
    public async Task ACopyAddressedToTheWrongNodeOfAZoneReachesTheOwnerThere()
    {
        // A node set up again after its silo was lost may not yet know every node of another zone, and so address a
        // copy to a node that does not own the key there. That node must pass it on, or the owner answers "not found".
        var recorder = new RecordingListener();
        var me = fixture.Client.CreateObjectReference<IGotocolListener>(recorder);
        var everyone = ZoneA.Concat(ZoneB).ToArray();
        foreach (var name in everyone)
        {
            await fixture.Client.GetNanoservice(name).Deliver([
                GotocolMessage.Create(Imposition.Hello, me, name),
                GotocolMessage.Create(Imposition.NameDrop, null, "cass"),
                .. everyone.Select(peer => GotocolMessage.Create(Imposition.NameDrop, fixture.Client.GetNanoservice(peer), peer)),
            ]);
        }
        var wrongNode = ZoneB[0];
        var keys = Enumerable.Range(0, 200).Select(i => $"handoff{i}").Where(k => OwnerOf(k, ZoneB) != wrongNode).Take(12).ToArray();
        Assert.Equal(12, keys.Length);
        var sender = fixture.Client.GetNanoservice(ZoneA[0]);
        foreach (var key in keys)
        {
            // As if from zone A's node: the copy of a Put it stored.
            await fixture.Client.GetNanoservice(wrongNode).Listen(GotocolMessage.Create(Imposition.Replicate, sender, Intention.Pair(key, "v-" + key)));
        }

        // Read each key in zone B through the node that got the copies: it asks the key's owner on its ring.
        var found = new HashSet<string>(StringComparer.Ordinal);
        ulong span = 1;
        await Eventually.Within(TimeSpan.FromSeconds(10), async () =>
        {
            recorder.Heard.Clear();
            var asked = keys.Where(k => !found.Contains(k)).ToArray();
            foreach (var key in asked)
            {
                var trace = new TraceContext(span, 0, span++);
                await fixture.Client.GetNanoservice(wrongNode).GetRequest(new GotocolMessage(Imposition.GetRequest, me, DateTime.UtcNow, key, trace));
            }
            await recorder.WaitFor(heard => heard.Count(m => m.Imposition == Imposition.GetResponse) >= asked.Length, TimeSpan.FromSeconds(2));
            foreach (var answer in recorder.Heard.Where(m => m.Imposition == Imposition.GetResponse))
            {
                if (Intention.TrySplitPair(answer.Intention, out var key, out var value) && value == "v-" + key) found.Add(key);
            }
            return found.Count == keys.Length;
        });
        Assert.True(found.Count == keys.Length, $"not read back in zone B: {string.Join(", ", keys.Except(found))}");

        foreach (var name in everyone) await fixture.Client.GetNanoservice(name).Goodbye(GotocolMessage.Create(Imposition.Goodbye, me, "normal"));
        fixture.Client.DeleteObjectReference<IGotocolListener>(me);
    }
}
