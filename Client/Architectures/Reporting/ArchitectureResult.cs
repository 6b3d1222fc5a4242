namespace Spigo.Client.Architectures;

/// <summary>What an architecture run did, for the summary line, the -c files and tests.</summary>
public sealed record ArchitectureResult
{
    /// <summary>The nanoservices Asgard planned.</summary>
    public required int Nodes { get; init; }

    public required long Requests { get; init; }
    public required long Completed { get; init; }
    public required long Failed { get; init; }
    public required long TimedOut { get; init; }

    /// <summary>Gets answered with a value older than one acknowledged for the key.</summary>
    public long StaleReads { get; init; }

    /// <summary>Requests answered a second of traffic.</summary>
    public double RequestsPerSecond { get; init; }

    public double P50Seconds { get; init; }
    public double P99Seconds { get; init; }

    /// <summary>The half-time chaos monkey's victim, if it struck.</summary>
    public string? ChaosVictim { get; init; }

    /// <summary>Nanoservices and registries that answered the run's Goodbye.</summary>
    public int Goodbyes { get; init; }

    /// <summary>Those asked for a Goodbye that never answered.</summary>
    public IReadOnlyList<string> Missing { get; init; } = [];

    /// <summary>--verify's read-back, when asked for.</summary>
    public ReadBackReport? ReadBack { get; init; }

    /// <summary>Those that answered Goodbye from a fresh activation: lost with their silo.</summary>
    public IReadOnlyList<string> Lost { get; init; } = [];

    /// <summary>How many nanoservices each silo hosted after setup (a cluster run).</summary>
    public IReadOnlyList<Hosting.SiloCount> Silos { get; init; } = [];

    /// <summary>Those Asgard set up again after their silo was lost.</summary>
    public IReadOnlyList<string> Replaced { get; init; } = [];

    /// <summary>What a silo loss cost the traffic, when one happened.</summary>
    public Outage? Outage { get; init; }

    /// <summary>With faults: the traffic before, during and after each.</summary>
    public IReadOnlyList<Phase>? Phases { get; init; }

    /// <summary>Every nanoservice and registry the faults stopped.</summary>
    public IReadOnlyList<string>? Stopped { get; init; }

    /// <summary>Reads answered by a fallback.</summary>
    public long Fallbacks { get; init; }

    /// <summary>What the services did to protect themselves, per dependency, when they had policies.</summary>
    public IReadOnlyList<Runs.ResilienceShare>? Resilience { get; init; }

    /// <summary>Those the faults stopped that came back when their fault ended.</summary>
    public IReadOnlyList<string>? Restored { get; init; }

    /// <summary>Requests refused at once by an instance whose queue was full.</summary>
    public long Overloaded { get; init; }

    /// <summary>What the auto-scaler did, when it tracked a service.</summary>
    public AutoscalerReport? Scaling { get; init; }

    /// <summary>The run's share of the workers' figures per service, for the services with a capacity.</summary>
    public IReadOnlyList<Runs.WorkerShare>? Workers { get; init; }

    /// <summary>Why the traffic stopped before its time (an experiment's abort condition); null when it ran its course.</summary>
    public string? Aborted { get; init; }

    /// <summary>Per second of traffic: offered, answered, failed.</summary>
    public IReadOnlyList<SecondOfTraffic>? Timeline { get; init; }
}
