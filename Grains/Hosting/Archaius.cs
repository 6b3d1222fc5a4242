namespace Spigo.Grains.Hosting;

/// <summary>
/// spigo's global configuration, as seen by the grains of one silo. The embedded silo copies it from the
/// command line; a standalone silo from its own flags.
/// </summary>
public sealed class Archaius
{
    /// <summary>-m: log every delivered message as <c>name: gotocol: latency Imposition Intention</c>.</summary>
    public bool MessageLog { get; set; }
}
