namespace Spigo.Grains.Hosting;

/// <summary>
/// spigo's global configuration, as seen by the grains of one silo. The embedded silo copies it from the
/// command line; a standalone silo from its own flags.
/// </summary>
public sealed class Archaius
{
    /// <summary>-m: log every delivered message as <c>name: gotocol: latency Imposition Intention</c>.</summary>
    public bool MessageLog { get; set; }

    /// <summary>
    /// The silo is a run's own and its process exits when the run is over: a nanoservice that says Goodbye stays
    /// activated (deactivating 100,000 one by one was a fifth of a pirate run) and the silo is not stopped. Never on a
    /// long-lived silo, which must free what departed nanoservices held.
    /// </summary>
    public bool EndsWithProcess { get; init; }
}
