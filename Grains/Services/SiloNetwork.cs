using Spigo.Gotocol;
using Spigo.Grains.Placement;
using Spigo.Grains.Simulation;
using Spigo.Names;
using Spigo.Runs;

namespace Spigo.Grains.Services;

/// <summary>A silo's window on its simulated network (see <see cref="ISiloNetwork"/>).</summary>
[SiloPinnedPlacement, GrainType(GrainTypes.SiloNetwork)]
public sealed class SiloNetwork(NetworkPartitions partitions) : Grain, ISiloNetwork
{
    public Task Cut(string arch, string sideA, string sideB)
    {
        partitions.Add(arch, sideA, sideB);
        return Task.CompletedTask;
    }

    public Task<PartitionHealed> Heal(string arch, string sideA, string sideB)
    {
        var (dropped, hints) = partitions.Remove(arch, sideA, sideB);
        foreach (var hint in hints) _ = GrainFactory.GetNanoservice(hint.Receiver).Replicate(hint.Message);
        return Task.FromResult(new PartitionHealed(dropped, hints.Count));
    }
}
