using Spigo.Edda;
using Spigo.Gotocol;

namespace Spigo.Client.Hosting;

/// <summary>What a driver itself records in Edda, in chunks that keep each call's message small.</summary>
public static class EddaRecords
{
    private const int Chunk = 8192;

    /// <summary>The lost never said Goodbye themselves: Edda records their end with the reason <see cref="GoodbyeReport.LostExit"/>.</summary>
    public static async Task RecordLost(IEdda edda, IReadOnlyList<string> lost)
    {
        foreach (var chunk in lost.Chunk(Chunk))
        {
            await edda.Record([.. chunk.Select(name => GotocolMessage.Create(Imposition.Goodbye, null, Intention.Pair(name, GoodbyeReport.LostExit)))]);
        }
    }
}
