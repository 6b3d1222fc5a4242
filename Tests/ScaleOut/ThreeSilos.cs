using Orleans.Configuration;
using Orleans.TestingHost;
using Spigo.Client.Cli;
using Spigo.Grains.Hosting;

namespace Spigo.Tests.ScaleOut;

/// <summary>Builds three-silo test clusters and runs simulations on them.</summary>
internal static class ThreeSilos
{
    public static InProcessTestCluster Build()
    {
        var builder = new InProcessTestClusterBuilder(3);
        builder.ConfigureSilo((_, silo) => silo.AddSpigo().AddSpigoCluster(new SpigoClusterOptions()));
        builder.ConfigureClient(client => client.Configure<MessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(10)));
        return builder.Build();
    }

    public static SpigoOptions Options(string arch, int population, double seconds, string dir) => new()
    {
        Arch = arch,
        Population = population,
        Duration = TimeSpan.FromSeconds(seconds),
        EurekaPoll = TimeSpan.FromMilliseconds(200),
        RequestInterval = TimeSpan.Zero,
        GraphJson = true,
        Seed = 11,
        SeedGiven = true,
        OutputDirectory = dir,
        Timeout = TimeSpan.FromSeconds(30),
    };

    public static Task<SimulationResult> Run(SpigoOptions options, IClusterClient client, TextWriter? log = null) =>
        new Simulation(options, SimulationPlan.Create(options), new StringWriter(), log ?? new StringWriter(), false)
            .RunOn(client, CancellationToken.None);
}
