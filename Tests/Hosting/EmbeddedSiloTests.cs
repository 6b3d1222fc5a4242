using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime.GrainDirectory;
using Orleans.Runtime.Placement;
using Spigo.Client.Hosting;
using Spigo.Gotocol;
using Spigo.Grains.Hosting;
using Spigo.Grains.Placement;

namespace Spigo.Tests.Hosting;

/// <summary>The silo inside a spigo process: the whole cluster of one run.</summary>
public class EmbeddedSiloTests
{
    [Fact]
    public async Task NanoservicesArePlacedWithoutADirectory()
    {
        await using var silo = await EmbeddedSilo.StartAsync(new Archaius(), null, null, TestContext.Current.CancellationToken);
        var strategies = silo.Client.ServiceProvider.GetRequiredService<PlacementStrategyResolver>();
        foreach (var package in new[] { "pirate", "zuul", "priamCassandra", "eureka" })
        {
            var strategy = strategies.GetPlacementStrategy(NanoserviceFactory.GrainTypeOf(package));
            Assert.IsType<EmbeddedPlacement>(strategy);
            Assert.False(strategy.IsUsingGrainDirectory);
        }

        // Without a directory, every message to a name still reaches its one activation.
        var name = "embedded.*.*.pirate.pirate.p0";
        await silo.Client.GetNanoservice(name).Deliver([GotocolMessage.Create(Imposition.Hello, null, name)]);
        foreach (var coins in new[] { 3, 4 })
        {
            Assert.True(await silo.Client.GetNanoservice(name).GoldCoin(GotocolMessage.Create(Imposition.GoldCoin, null, $"{coins}")));
        }
        var state = await silo.Client.GetNanoservice(name).AsReference<IPirate>().Inspect();
        Assert.Equal(7, state.Gold);
        var stats = await silo.Client.GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics();
        Assert.Equal(1, stats.Where(s => s.GrainType.Contains("Pirate", StringComparison.Ordinal)).Sum(s => s.ActivationCount));

        // Its address is cached in the embedded silo's plain dictionary, which Orleans asks for every message sent.
        // (Orleans may clear it, e.g. when other silos in this test process come and go; the next message caches it again.)
        var cache = Assert.IsType<EmbeddedDirectoryCache>(silo.Client.ServiceProvider.GetRequiredService<IGrainDirectoryCache>());
        var here = silo.Client.ServiceProvider.GetRequiredService<ILocalSiloDetails>().SiloAddress;
        await Eventually.Holds(async () =>
        {
            await silo.Client.GetNanoservice(name).GoldCoin(GotocolMessage.Create(Imposition.GoldCoin, null, "1"));
            if (!cache.LookUp(GrainId.Create(NanoserviceFactory.GrainTypeOf("pirate"), name), out var address, out _)) return "not cached";
            return Equals(here, address.SiloAddress) ? null : $"cached at {address.SiloAddress}, not {here}";
        });
    }
}
