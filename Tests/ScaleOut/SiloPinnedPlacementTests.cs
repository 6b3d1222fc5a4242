using Orleans.TestingHost;
using Spigo.Edda;
using Spigo.Gotocol;
using Spigo.Runs;

namespace Spigo.Tests.ScaleOut;

/// <summary>
/// A grain pinned to a silo (a copy of Edda) lives there or nowhere: when that silo is gone, or was never in the
/// cluster, a call fails instead of waking an empty stand-in on another silo — which a reader of the pair would take
/// for the record, and which would hold both copies if it woke on the silo that then fails.
/// </summary>
[Collection(AloneCollection.Name)]
public sealed class SiloPinnedPlacementTests : IAsyncLifetime
{
    private readonly InProcessTestCluster _cluster = ThreeSilos.Build();

    public async ValueTask InitializeAsync() => await _cluster.DeployAsync();

    public async ValueTask DisposeAsync() => await _cluster.DisposeAsync();

    private static GotocolMessage[] Hellos(int from, int count) =>
        [.. Enumerable.Range(from, count).Select(i => GotocolMessage.Create(Imposition.Hello, null, Intention.Pair($"fsm.us-east-1.zoneA.pirate.pirate.{i}", "pirate")))];

    [Fact]
    public async Task ACopyWhoseSiloIsGoneIsNotRecreatedElsewhereAndThePairKeepsTheWholeRecord()
    {
        var silos = _cluster.Silos.Select(s => s.SiloAddress).ToArray();
        var (kept, lost) = (silos[0], silos[1]);
        var key = EddaFactory.PairKey("pinned", kept, lost);
        var pair = _cluster.Client.GetEdda(key);
        await pair.Record(Hellos(0, 50));
        var lostCopy = _cluster.Client.GetEdda(SiloKey.Of("pinned", lost));
        // A pair's Record is done once one copy has it; the other lands a moment later.
        await Eventually.Holds(async () => await lostCopy.Count() is var n && n == 50 ? null : $"the copy on {lost} has {n} of 50");

        await _cluster.StopSiloAsync(_cluster.Silos.Single(s => s.SiloAddress.Equals(lost)));

        var e = await Assert.ThrowsAnyAsync<OrleansException>(() => lostCopy.Count());
        Assert.Contains($"lives only on silo {lost}", e.ToString(), StringComparison.Ordinal);
        Assert.Equal(50, await pair.Count());
        await pair.Record(Hellos(50, 10));
        Assert.Equal(60, await pair.Count());
        var names = (await pair.Read(0, 100)).Select(entry => entry.Name).ToHashSet();
        Assert.Equal(60, names.Count);
    }

    [Fact]
    public async Task ACopyForASiloThatWasNeverInTheClusterIsNotPlaced()
    {
        var stranger = SiloAddress.New(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 1), 1);
        var copy = _cluster.Client.GetEdda(SiloKey.Of("pinned", stranger));
        var e = await Assert.ThrowsAnyAsync<OrleansException>(() => copy.Record(Hellos(0, 1)));
        Assert.Contains($"lives only on silo {stranger}", e.ToString(), StringComparison.Ordinal);
        var stats = await _cluster.Client.GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics();
        Assert.DoesNotContain(stats, s => s.GrainType.Contains(nameof(Spigo.Grains.Services.EddaGrain), StringComparison.Ordinal));
    }
}
