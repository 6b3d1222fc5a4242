using Orleans.TestingHost;

namespace Spigo.Tests.ScaleOut;

/// <summary>An in-process cluster of three silos, shared by the runs that only read from it.</summary>
public sealed class ThreeSiloFixture : IAsyncLifetime
{
    public InProcessTestCluster Cluster { get; } = ThreeSilos.Build();

    public IClusterClient Client => Cluster.Client;

    public async ValueTask InitializeAsync() => await Cluster.DeployAsync();

    public async ValueTask DisposeAsync() => await Cluster.DisposeAsync();
}
