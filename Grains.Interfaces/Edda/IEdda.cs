using Spigo.Gotocol;

namespace Spigo.Edda;

/// <summary>
/// Edda, the architecture's historian: one per simulation run (keyed by run id). Nanoservices tell it
/// Hello "name package" (a node), Inform "source target" (an edge), Goodbye "name exit" (done) and Put "subject what"
/// (an event: a fault injected, a breaker's change) through
/// <see cref="IGotocolListener.Listen"/>; every output file is written from what it recorded.
/// </summary>
public interface IEdda : IGrainWithStringKey, IGotocolListener
{
    /// <summary>Records several messages in order; awaited, so a driver knows they have landed.</summary>
    Task Record(GotocolMessage[] messages);

    /// <summary>How many entries are recorded so far.</summary>
    Task<int> Count();

    /// <summary>Up to <paramref name="max"/> entries starting at <paramref name="from"/>, in recorded order.</summary>
    Task<EddaEntry[]> Read(int from, int max);
}
