using Spigo.Grains.Hosting;

namespace Spigo.Tests.Architectures;

public class NetworkPartitionTests
{
    private const string A1 = "shop.us-east-1.zoneA.app.karyon.app0";
    private const string B1 = "shop.us-east-1.zoneB.app.karyon.app1";
    private const string C1 = "shop.us-east-1.zoneC.app.karyon.app2";
    private const string West = "shop.us-west-2.zoneA.app.karyon.app3";

    [Fact]
    public void AZonePartitionLosesMessagesBothWaysBetweenItsSidesAndNowhereElse()
    {
        var partitions = new NetworkPartitions();
        Assert.False(partitions.Active);
        partitions.Add("shop", "us-east-1.zoneA", "us-east-1.zoneB");
        Assert.True(partitions.Active);
        Assert.True(partitions.Cuts(A1, B1));
        Assert.True(partitions.Cuts(B1, A1));
        Assert.False(partitions.Cuts(A1, C1));
        Assert.False(partitions.Cuts(A1, A1));
        Assert.False(partitions.Cuts(A1, West));
        // Another run's nanoservices in the same zones, and names that are not nanoservices', pass.
        Assert.False(partitions.Cuts("other.us-east-1.zoneA.app.karyon.app0", "other.us-east-1.zoneB.app.karyon.app1"));
        Assert.False(partitions.Cuts("observer-1234", B1));
        Assert.Equal(2, partitions.Remove("shop", "us-east-1.zoneB", "us-east-1.zoneA"));
        Assert.False(partitions.Active);
        Assert.False(partitions.Cuts(A1, B1));
    }

    [Fact]
    public void ARegionPartitionCutsEveryZoneOfOneRegionFromTheOther()
    {
        var partitions = new NetworkPartitions();
        partitions.Add("shop", "us-east-1", "us-west-2");
        Assert.True(partitions.Cuts(C1, West));
        Assert.True(partitions.Cuts(West, A1));
        Assert.False(partitions.Cuts(A1, B1));
        // A global node (region *) is in no region.
        Assert.False(partitions.Cuts("shop.*.*.www.denominator.www0", West));
        Assert.Equal(0, partitions.Remove("shop", "us-east-1", "eu-west-1"));
        Assert.True(partitions.Active);
    }
}
