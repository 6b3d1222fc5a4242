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
    /// Nanoservices that said Goodbye stay activated until the silo stops. The embedded silo sets it: it stops once
    /// its run has ended without deactivating grains one by one, which for 100,000 pirates is most of the Goodbye
    /// phase. A long-lived silo leaves it off, so that it frees a departed nanoservice's memory at once.
    /// </summary>
    public bool KeepDeparted { get; set; }
}
