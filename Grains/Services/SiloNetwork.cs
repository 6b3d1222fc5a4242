using Spigo.Grains.Hosting;
using Spigo.Grains.Placement;
using Spigo.Runs;

namespace Spigo.Grains.Services;

/// <summary>A silo's window on its simulated network (see <see cref="ISiloNetwork"/>).</summary>
[SiloPinnedPlacement, GrainType("silonetwork")]
public sealed class SiloNetwork(NetworkPartitions partitions) : Grain, ISiloNetwork
{
    public Task Cut(string arch, string sideA, string sideB)
    {
        partitions.Add(arch, sideA, sideB);
        return Task.CompletedTask;
    }

    public Task<long> Heal(string arch, string sideA, string sideB) => Task.FromResult(partitions.Remove(arch, sideA, sideB));
}
