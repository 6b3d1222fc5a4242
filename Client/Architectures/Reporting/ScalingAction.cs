namespace Spigo.Client.Architectures;

/// <summary>
/// One decision of the auto-scaler in a zone: at <paramref name="AtSeconds"/> into the traffic (<paramref name="At"/>), <paramref name="Change"/>
/// instances of <paramref name="Service"/> launched (positive) or taken out (negative), the zone then counting
/// <paramref name="Instances"/> (those booting included), at the time-averaged <paramref name="Utilization"/> that decided it
/// (above 1 when requests were refused: see <see cref="Runs.WorkerShare.DemandSince"/>).
/// </summary>
public sealed record ScalingAction(double AtSeconds, DateTime At, string Service, string Zone, int Change, int Instances, double Utilization);
