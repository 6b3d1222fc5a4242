using Spigo.Gotocol;
using Spigo.Grains.Simulation;

namespace Spigo.Tests.Architectures;

public class NetworkPartitionTests
{
    private const string A1 = "shop.us-east-1.zoneA.app.karyon.app0";
    private const string B1 = "shop.us-east-1.zoneB.app.karyon.app1";
    private const string C1 = "shop.us-east-1.zoneC.app.karyon.app2";
    private const string West = "shop.us-west-2.zoneA.app.karyon.app3";
    private static readonly GotocolMessage Get = GotocolMessage.Create(Imposition.GetRequest, null, "key1");

    [Fact]
    public void AZonePartitionLosesMessagesBothWaysBetweenItsSidesAndNowhereElse()
    {
        var partitions = new NetworkPartitions();
        Assert.False(partitions.Active);
        partitions.Add("shop", "us-east-1.zoneA", "us-east-1.zoneB");
        Assert.True(partitions.Active);
        Assert.True(partitions.Cuts(A1, B1, Get));
        Assert.True(partitions.Cuts(B1, A1, Get));
        Assert.False(partitions.Cuts(A1, C1, Get));
        Assert.False(partitions.Cuts(A1, A1, Get));
        Assert.False(partitions.Cuts(A1, West, Get));
        // Another run's nanoservices in the same zones, and names that are not nanoservices', pass.
        Assert.False(partitions.Cuts("other.us-east-1.zoneA.app.karyon.app0", "other.us-east-1.zoneB.app.karyon.app1", Get));
        Assert.False(partitions.Cuts("observer-1234", B1, Get));
        Assert.Equal(2, partitions.Remove("shop", "us-east-1.zoneB", "us-east-1.zoneA").Dropped);
        Assert.False(partitions.Active);
        Assert.False(partitions.Cuts(A1, B1, Get));
    }

    [Fact]
    public void ARegionPartitionCutsEveryZoneOfOneRegionFromTheOther()
    {
        var partitions = new NetworkPartitions();
        partitions.Add("shop", "us-east-1", "us-west-2");
        Assert.True(partitions.Cuts(C1, West, Get));
        Assert.True(partitions.Cuts(West, A1, Get));
        Assert.False(partitions.Cuts(A1, B1, Get));
        // A global node (region *) is in no region.
        Assert.False(partitions.Cuts("shop.*.*.www.denominator.www0", West, Get));
        Assert.Equal(0, partitions.Remove("shop", "us-east-1", "eu-west-1").Dropped);
        Assert.True(partitions.Active);
    }

    [Fact]
    public void CopiesOfWritesLostToAPartitionAreHandedBackAtTheHealAndNothingElse()
    {
        var partitions = new NetworkPartitions();
        partitions.Add("shop", "us-east-1.zoneA", "us-east-1.zoneB");
        var copy = GotocolMessage.Create(Imposition.Replicate, null, "key7 value7");
        Assert.True(partitions.Cuts(A1, B1, copy));
        Assert.True(partitions.Cuts(B1, A1, Get));
        Assert.False(partitions.Cuts(A1, C1, copy));
        var (dropped, hints) = partitions.Remove("shop", "us-east-1.zoneA", "us-east-1.zoneB");
        Assert.Equal(2, dropped);
        var hint = Assert.Single(hints);
        Assert.Equal(B1, hint.Receiver);
        Assert.Same(copy, hint.Message);
    }

    [Fact]
    public void APartitionKeepsAtMostItsHintLimit()
    {
        var partitions = new NetworkPartitions();
        partitions.Add("shop", "us-east-1.zoneA", "us-east-1.zoneB");
        var copy = GotocolMessage.Create(Imposition.Replicate, null, "key7 value7");
        for (var i = 0; i < NetworkPartitions.MaxHints + 10; i++) Assert.True(partitions.Cuts(A1, B1, copy));
        var (dropped, hints) = partitions.Remove("shop", "us-east-1.zoneA", "us-east-1.zoneB");
        Assert.Equal(NetworkPartitions.MaxHints + 10, dropped);
        Assert.Equal(NetworkPartitions.MaxHints, hints.Count);
    }
}
