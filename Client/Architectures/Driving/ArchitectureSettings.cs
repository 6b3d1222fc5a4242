using Spigo.Edda;

namespace Spigo.Client.Architectures;

/// <summary>How to run an architecture: how long, how fast the Denominator sends, and what to record or check.</summary>
public sealed record ArchitectureSettings
{
    public required ArchitecturePlan Plan { get; init; }
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);
    public TimeSpan EurekaPoll { get; init; } = TimeSpan.FromSeconds(1);
    /// <summary>Time between requests; zero sends as fast as the window of requests in flight allows.</summary>
    public TimeSpan RequestInterval { get; init; } = TimeSpan.FromMilliseconds(10);
    public int Window { get; init; } = 256;

    /// <summary>--load: the offered rate over time, open loop (over <see cref="RequestInterval"/>); null: the fixed interval.</summary>
    public LoadSchedule? Load { get; init; }

    /// <summary>--arrivals: Poisson (true) or evenly spaced arrivals under <see cref="Load"/>.</summary>
    public bool Poisson { get; init; } = true;

    /// <summary>Under <see cref="Load"/>, requests in flight beyond which arrivals are not sent (and counted as capped).</summary>
    public int InFlightCap { get; init; } = 100_000;
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(5);
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);
    public int Seed { get; init; }
    /// <inheritdoc cref="Cli.SpigoOptions.Network"/>
    public Gotocol.NetworkDelays? Network { get; init; }
    public IEdda? Edda { get; init; }
    /// <summary>After the traffic, read every acknowledged Put back from every zone (read-your-writes).</summary>
    public bool Verify { get; init; }
    public bool Chaos { get; init; } = true;
    /// <summary>--chaos: faults injected at their times; with any, the half-time chaos monkey of the victim stays home.</summary>
    public IReadOnlyList<Fault> Faults { get; init; } = [];
    /// <summary>Keep each second's response times in the timeline (<see cref="SecondOfTraffic.Latencies"/>).</summary>
    public bool SecondLatencies { get; init; }

    /// <summary>
    /// Asked once a second of traffic with the timeline so far: a reason to stop the traffic now (an experiment's abort
    /// condition), or null to go on. The run then ends as any other, early, and its result says why.
    /// </summary>
    public Func<IReadOnlyList<SecondOfTraffic>, string?>? Abort { get; init; }

    /// <summary>Told once a second of traffic how far it is and in which phase (an experiment's progress line).</summary>
    public Action<TimeSpan, string>? Progress { get; init; }

    /// <summary>Called once every nanoservice is set up and alive (the cluster census is taken here).</summary>
    public Func<Task<IReadOnlyList<Hosting.SiloCount>>>? AfterSetup { get; init; }
}
