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

    /// <summary>Its state went with a lost silo.</summary>
    public const string Lost = "lost";
}
