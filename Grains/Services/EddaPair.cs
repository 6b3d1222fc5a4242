using Spigo.Edda;
using Spigo.Gotocol;
using Spigo.Names;

namespace Spigo.Grains.Services;

/// <summary>
/// Writes a run's record to its two Edda copies on two silos, and reads it from the copy that holds more (a copy that
/// came back empty after its silo was lost holds less). Stateless and local: every silo has its own, so no silo's
/// loss can take it away.
/// </summary>
[StatelessWorker, GrainType(GrainTypes.EddaPair)]
public sealed class EddaPair(IGrainFactory grains) : Grain, IEdda
{
    private (IEdda First, IEdda Second)? _copies;

    private (IEdda First, IEdda Second) Copies
    {
        get
        {
            if (_copies is { } copies) return copies;
            if (!EddaFactory.TryParsePair(this.GetPrimaryKeyString(), out var first, out var second, out _))
            {
                throw new ArgumentException($"not an Edda pair key: {this.GetPrimaryKeyString()}");
            }
            _copies = (grains.GetEdda(first), grains.GetEdda(second));
            return _copies.Value;
        }
    }

    public Task Listen(GotocolMessage message)
    {
        var (first, second) = Copies;
        first.Listen(message);
        second.Listen(message);
        return Task.CompletedTask;
    }

    /// <summary>Done once one copy has it: the other may be on a silo that is going away.</summary>
    public async Task Record(GotocolMessage[] messages)
    {
        var (first, second) = Copies;
        var writes = new[] { first.Record(messages), second.Record(messages) };
        var done = await Task.WhenAny(writes);
        if (done.IsCompletedSuccessfully) return;
        await writes[done == writes[0] ? 1 : 0];
    }

    public async Task<int> Count() => await (await Fuller()).Count();

    public async Task<EddaEntry[]> Read(int from, int max) => await (await Fuller()).Read(from, max);

    /// <summary>The copy with more entries (the first on a tie); a copy that cannot be reached counts as empty.</summary>
    private async Task<IEdda> Fuller()
    {
        var (first, second) = Copies;
        var a = await CountOrNone(first);
        var b = await CountOrNone(second);
        return b > a ? second : first;
    }

    private static async Task<int> CountOrNone(IEdda copy)
    {
        try
        {
            return await copy.Count();
        }
        catch (Exception e) when (e is OrleansException or TimeoutException)
        {
            return -1;
        }
    }
}
