using System.Net;
using Spigo.Grains.Placement;

namespace Spigo.Tests.Hosting;

public class EmbeddedDirectoryCacheTests
{
    private static readonly SiloAddress Here = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 11111), 1);
    private static readonly SiloAddress There = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 11112), 1);

    private static GrainAddress At(string key, SiloAddress silo) =>
        new() { GrainId = GrainId.Create("nanoservice", key), SiloAddress = silo, ActivationId = ActivationId.NewId() };

    [Fact]
    public void KeepsTheLatestAddressOfEachGrain()
    {
        var cache = new EmbeddedDirectoryCache(capacity: 10);
        var first = At("a.b.c.d.e.f", Here);
        cache.AddOrUpdate(first, 1);
        var moved = At("a.b.c.d.e.f", There);
        cache.AddOrUpdate(moved, 2);

        Assert.True(cache.LookUp(first.GrainId, out var found, out var version));
        Assert.Equal(There, found.SiloAddress);
        Assert.Equal(2, version);
        Assert.False(cache.LookUp(GrainId.Create("nanoservice", "other"), out _, out _));
        Assert.Single(cache.KeyValues);
    }

    [Fact]
    public void RemovesAnAddressOnlyWhileItNamesTheSameSilo()
    {
        var cache = new EmbeddedDirectoryCache(capacity: 10);
        var address = At("x", Here);
        cache.AddOrUpdate(address, 0);

        Assert.False(cache.Remove(new GrainAddress { GrainId = address.GrainId, SiloAddress = There, ActivationId = address.ActivationId }));
        Assert.True(cache.LookUp(address.GrainId, out _, out _));
        Assert.True(cache.Remove(address));
        Assert.False(cache.LookUp(address.GrainId, out _, out _));
        Assert.False(cache.Remove(address.GrainId));
    }

    [Fact]
    public void StartsAgainEmptyPastItsCapacity()
    {
        var cache = new EmbeddedDirectoryCache(capacity: 3);
        for (var i = 0; i < 3; i++) cache.AddOrUpdate(At($"g{i}", Here), 0);
        Assert.Equal(3, cache.KeyValues.Count());
        // Updating an entry does not count as one more.
        cache.AddOrUpdate(At("g0", Here), 1);
        Assert.Equal(3, cache.KeyValues.Count());
        // Removed entries make room again.
        Assert.True(cache.Remove(GrainId.Create("nanoservice", "g1")));
        cache.AddOrUpdate(At("g3", Here), 0);
        Assert.Equal(3, cache.KeyValues.Count());

        cache.AddOrUpdate(At("g4", Here), 0);
        Assert.Empty(cache.KeyValues);
        cache.AddOrUpdate(At("g5", Here), 0);
        Assert.Single(cache.KeyValues);
    }
}
