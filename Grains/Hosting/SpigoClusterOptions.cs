namespace Spigo.Grains.Hosting;

/// <summary>How a multi-silo spigo cluster places zones and notices a dead silo.</summary>
public sealed record SpigoClusterOptions
{
    /// <summary>The regions runs on this cluster use (-w): zones are spread over silos three a region.</summary>
    public int Regions { get; init; } = 1;

    /// <summary>How long a silo waits for a probe's answer; a silo that misses <see cref="MissedProbes"/> in a row is voted dead.</summary>
    public TimeSpan ProbeTimeout { get; init; } = TimeSpan.FromSeconds(1);

    public int MissedProbes { get; init; } = 3;
}
