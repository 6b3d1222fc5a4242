using Spigo.Gotocol;
using Spigo.Names;

namespace Spigo.Grains.Services;

// Reentrant: each call mostly waits on its deliveries, so many chunks may be in progress on one activation.
[StatelessWorker, Reentrant, GrainType(GrainTypes.SetupRelay)]
public sealed class SetupRelay(IGrainFactory grainFactory) : Grain, ISetupRelay
{
    public async Task<string[]> Deliver(NanoserviceBatch[] batches)
    {
        var calls = new Task[batches.Length];
        for (var i = 0; i < batches.Length; i++) calls[i] = grainFactory.GetNanoservice(batches[i].Name).Deliver(batches[i].Messages);
        try
        {
            await Task.WhenAll(calls);
            return [];
        }
        catch (Exception e) when (e is OrleansException or TimeoutException)
        {
            // A silo went away under some of them: say which, so the driver can count them.
            return [.. batches.Where((_, i) => calls[i].IsFaulted).Select(b => b.Name)];
        }
    }
}
