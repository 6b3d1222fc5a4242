using Spigo.Gotocol;

namespace Spigo.Runs;

/// <summary>
/// One silo's copy of what a running architecture needs to rebuild a nanoservice that came back empty: the driver
/// (Asgard's controller) that set it up. Every active silo holds a copy (see <see cref="SiloKey"/>), so the loss of
/// any one silo leaves the others able to ask for rebuilds, the way an auto-scaling group replaces an instance.
/// </summary>
public interface IRunBook : IGrainWithStringKey
{
    /// <summary>Opens the book for a run: <paramref name="controller"/> rebuilds lost nanoservices until <see cref="Close"/>.</summary>
    Task Open(IGotocolListener controller);

    Task Close();

    /// <summary>The run's controller, or null when this copy was never opened (its silo joined after the run began).</summary>
    Task<IGotocolListener?> Controller();
}
