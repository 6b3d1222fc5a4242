namespace Spigo.Gotocol;

/// <summary>
/// The intention of an Inform that hands a service a listener: what the listener is to it.
/// </summary>
public static class ListenerRole
{
    /// <summary>Edda, which records the service's edges and its end.</summary>
    public const string Edda = "edda";

    /// <summary>A Eureka registry of its zone: register there, and ask it for dependencies' instances.</summary>
    public const string Eureka = "eureka";

    /// <summary>Another registry to ask for instances (in another zone), without registering there.</summary>
    public const string Lookup = "lookup";
}
