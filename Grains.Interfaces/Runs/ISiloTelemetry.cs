namespace Spigo.Runs;

/// <summary>
/// A silo's window on its own telemetry (keyed <see cref="SiloKey.Of"/>(<see cref="SiloKey.Telemetry"/>, silo)):
/// the -c figures and flow spans of the nanoservices it hosts.
/// </summary>
public interface ISiloTelemetry : IGrainWithStringKey
{
    /// <summary>Starts gathering the -c figures of <paramref name="arch"/> (and its flow spans with <paramref name="flows"/>).</summary>
    Task Open(string arch, bool flows);

    /// <summary>Stops gathering and hands over what was gathered.</summary>
    Task<TelemetryShare> Close(string arch);

    /// <summary>Messages delivered so far, per service of <paramref name="arch"/> (for the viewer's traffic).</summary>
    Task<ServiceShare[]> Counts(string arch);

    /// <summary>The requests the services of <paramref name="arch"/> on this silo sent to their dependencies, per edge.</summary>
    Task<EdgeShare[]> Edges(string arch);

    /// <summary>What the services of <paramref name="arch"/> on this silo did to protect themselves from their dependencies.</summary>
    Task<ResilienceShare[]> Resilience(string arch);

    /// <summary>The workers of the services of <paramref name="arch"/> on this silo that have a capacity, per service and zone.</summary>
    Task<WorkerShare[]> Workers(string arch);
}
