namespace Spigo.Client.Architectures;

/// <summary>What an architecture run did, for the summary line, the -c files and tests.</summary>
public sealed record ArchitectureResult(
    int Nodes,
    long Requests,
    long Completed,
    long Failed,
    long TimedOut,
    long StaleReads,
    double RequestsPerSecond,
    double P50Seconds,
    double P99Seconds,
    string? ChaosVictim,
    int Goodbyes,
    IReadOnlyList<string> Missing,
    ReadBackReport? ReadBack,
    IReadOnlyList<string> Lost,
    IReadOnlyList<Hosting.SiloCount> Silos,
    IReadOnlyList<string> Replaced,
    Outage? Outage,
    IReadOnlyList<Phase>? Phases = null,
    IReadOnlyList<string>? Stopped = null,
    long Fallbacks = 0,
    IReadOnlyList<Runs.ResilienceShare>? Resilience = null,
    IReadOnlyList<string>? Restored = null,
    long Overloaded = 0,
    AutoscalerReport? Scaling = null,
    IReadOnlyList<Runs.WorkerShare>? Workers = null);
