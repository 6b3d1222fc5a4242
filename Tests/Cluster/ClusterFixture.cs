using Orleans.TestingHost;
using Spigo.Grains.Hosting;

namespace Spigo.Tests.Cluster;

/// <summary>One in-process Orleans cluster shared by every test that needs grains (the "Cluster" collection).</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public InProcessTestCluster Cluster { get; }

    public ClusterFixture()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) => silo.AddSpigo());
        Cluster = builder.Build();
    }

    public IClusterClient Client => Cluster.Client;

    public async ValueTask InitializeAsync() => await Cluster.DeployAsync();

    public async ValueTask DisposeAsync() => await Cluster.DisposeAsync();
}
