using Microsoft.Extensions.DependencyInjection;
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
    public async Task NanoservicesArePlacedWithoutADirectoryAndKeptAfterGoodbye()
    {
        await using var silo = await EmbeddedSilo.StartAsync(new Archaius { KeepDeparted = true }, null, null, TestContext.Current.CancellationToken);
        var strategies = silo.Client.ServiceProvider.GetRequiredService<PlacementStrategyResolver>();
        foreach (var package in new[] { "pirate", "zuul", "priamCassandra", "eureka" })
        {
            var strategy = strategies.GetPlacementStrategy(NanoserviceFactory.GrainTypeOf(package));
            Assert.IsType<EmbeddedPlacement>(strategy);
            Assert.False(strategy.IsUsingGrainDirectory);
        }

        // A pirate that said Goodbye stays activated (and departed) until the silo stops: no deactivation one by one.
        var name = "embedded.*.*.pirate.pirate.p0";
        var pirate = silo.Client.GetNanoservice(name);
        await pirate.Deliver([GotocolMessage.Create(Imposition.Hello, null, name)]);
        await pirate.Deliver([GotocolMessage.Create(Imposition.Goodbye, null, "embedded")]);
        var management = silo.Client.GetGrain<IManagementGrain>(0);
        var stats = await management.GetSimpleGrainStatistics();
        Assert.Equal(1, stats.Where(s => s.GrainType.Contains("Pirate", StringComparison.Ordinal)).Sum(s => s.ActivationCount));
        Assert.True((await pirate.AsReference<IPirate>().Inspect()).Named);
    }
}
