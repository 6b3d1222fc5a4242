namespace Spigo.Client.Import;

/// <summary>What the traces say of one service: its requests, instances, places, and the fit of its own time.</summary>
public sealed record TraceService(string Name, string? Package, long Requests, int Instances, IReadOnlyList<string> Regions, IReadOnlyList<string> Zones,
    ServiceTimeFit? Fit, string? DbSystem);
