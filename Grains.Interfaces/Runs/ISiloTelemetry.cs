namespace Spigo.Runs;

/// <summary>
/// A silo's window on the telemetry of its process (keyed <see cref="SiloKey.Of"/>(<see cref="SiloKey.Telemetry"/>, silo)):
/// the -c figures and flow spans of the nanoservices that process hosts. Several silos in one process (a test
/// cluster) share one process: <see cref="Process"/> tells them apart, and a collector asks one silo per process.
/// </summary>
public interface ISiloTelemetry : IGrainWithStringKey
{
    /// <summary>Names the process the silo runs in, the same for every silo in it.</summary>
    Task<string> Process();

    /// <summary>Starts gathering the -c figures of <paramref name="arch"/> (and its flow spans with <paramref name="flows"/>).</summary>
    Task Open(string arch, bool flows);

    /// <summary>Stops gathering and hands over what was gathered.</summary>
    Task<TelemetryShare> Close(string arch);

    /// <summary>Messages delivered so far, per service of <paramref name="arch"/> (for the viewer's traffic).</summary>
    Task<ServiceShare[]> Counts(string arch);
}
