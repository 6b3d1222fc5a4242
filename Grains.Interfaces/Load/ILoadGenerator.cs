using Spigo.Gotocol;

namespace Spigo.Load;

/// <summary>
/// The source of open-loop arrivals into one root of the architecture (keyed <see cref="Names.Companion.Of"/>(the
/// root's name, a name of the run): it lives beside the root): it sends its share of a --load schedule from inside the cluster, next to
/// the root, and hears the answers, so that a request crosses neither the client's gateway nor, on its way in, a silo
/// boundary; the driver only hands out the shares and collects what happened, in batches.
/// </summary>
public interface ILoadGenerator : IGrainWithStringKey, IGotocolListener
{
    /// <summary>
    /// Starts sending <paramref name="share"/> of the order's rate (0 to 1), now being <paramref name="second"/> seconds
    /// into the traffic (0 at its start; later for a generator started in place of a lost one); the silo it runs on.
    /// </summary>
    Task<string> Start(LoadOrder order, double share, double second);

    /// <summary>
    /// What happened since the last call; with <paramref name="sending"/> false it stops sending for good, and goes on
    /// hearing the answers still to come.
    /// </summary>
    Task<LoadReport> Collect(bool sending);

    /// <summary>What happened since the last collection, and the generator is done: it forgets everything.</summary>
    Task<LoadReport> Finish();
}
