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
        var cache = Assert.IsType<EmbeddedDirectoryCache>(silo.Client.ServiceProvider.GetRequiredService<IGrainDirectoryCache>());
        Assert.True(cache.LookUp(GrainId.Create(NanoserviceFactory.GrainTypeOf("pirate"), name), out var address, out _));
        Assert.Equal(silo.Client.ServiceProvider.GetRequiredService<ILocalSiloDetails>().SiloAddress, address.SiloAddress);
    }
}
