using Spigo.Edda;
using Spigo.Names;

namespace Spigo.Grains.Services;

/// <summary>Keeps the last runs in memory; it is a convenience for the viewer, not a record of history.</summary>
[GrainType(GrainTypes.EddaIndex)]
public sealed class EddaIndex : Grain, IEddaIndex
{
    private const int Kept = 50;
    private readonly List<EddaRun> _runs = [];

    public Task Add(EddaRun run)
    {
        _runs.RemoveAll(r => r.Key == run.Key);
        _runs.Add(run);
        if (_runs.Count > Kept) _runs.RemoveAt(0);
        return Task.CompletedTask;
    }

    public Task<EddaRun[]> List() => Task.FromResult(_runs.AsEnumerable().Reverse().ToArray());
}
