using Spigo.Gotocol;
using Spigo.Runs;

namespace Spigo.Grains.Simulation;

/// <summary>
/// Finds the controller of a running architecture from inside a silo: this silo's copy of the run book first, then
/// the other active silos' copies (a silo that joined after the run began has none of its own).
/// </summary>
public sealed class RunBooks(IGrainFactory grains, ILocalSiloDetails local, ISiloStatusOracle oracle)
{
    public async Task<IGotocolListener?> ControllerOf(string arch)
    {
        if (await grains.GetGrain<IRunBook>(SiloKey.Of(arch, local.SiloAddress)).Controller() is { } controller) return controller;
        foreach (var silo in oracle.GetApproximateSiloStatuses(onlyActive: true).Keys)
        {
            if (silo.Equals(local.SiloAddress)) continue;
            if (await ControllerOn(silo, arch) is { } other) return other;
        }
        return null;
    }

    /// <summary>The controller in one other silo's run book; none from a silo that went away since the oracle last looked.</summary>
    private async Task<IGotocolListener?> ControllerOn(SiloAddress silo, string arch)
    {
        try
        {
            return await grains.GetGrain<IRunBook>(SiloKey.Of(arch, silo)).Controller();
        }
        catch (Exception e) when (e is OrleansException or TimeoutException)
        {
            return null;
        }
    }
}
