namespace Spigo.Gotocol;

/// <summary>
/// Why a nanoservice left: the intention of the Goodbye that ends it, and the "exit" Edda records for it.
/// </summary>
public static class ExitReason
{
    /// <summary>The run's end: the driver says Goodbye to everyone.</summary>
    public const string Normal = "normal";

    /// <summary>The Simian Army stopped it (the monkey's victim, what a gorilla or kong takes down).</summary>
    public const string Chaos = "chaos";

    /// <summary>The auto-scaler took it out after draining it: it was idle and no longer registered.</summary>
    public const string ScaledIn = "scaled-in";

    /// <summary>Its state went with a lost silo.</summary>
    public const string Lost = "lost";
}
