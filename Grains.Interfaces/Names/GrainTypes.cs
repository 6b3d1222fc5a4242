namespace Spigo.Names;

/// <summary>
/// The grain types that are not a package's nanoservices (those are named by their package, in lower case: see
/// <see cref="Gotocol.NanoserviceFactory"/>). A grain's id carries its type on the wire, so each is spelled once.
/// </summary>
public static class GrainTypes
{
    public const string Edda = "edda";
    public const string EddaPair = "eddapair";
    public const string EddaIndex = "edda-index";
    public const string RunBook = "runbook";
    public const string SetupRelay = "setuprelay";
    public const string SiloNetwork = "silonetwork";
    public const string SiloTelemetry = "silotelemetry";
    public const string LoadGenerator = "loadgenerator";

    /// <summary>Cassandra's package (<c>priamCassandra</c>) in lower case, as every package's grain type is.</summary>
    public const string PriamCassandra = "priamcassandra";
}
