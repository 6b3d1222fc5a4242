namespace Spigo.Client.Experiments;

/// <summary>What <c>spigo experiment</c> was asked: the file, where the report goes, and the flags over the file's.</summary>
public sealed record ExperimentArguments(string File, string OutputDirectory, string? JUnit, int Parallel, bool Yes, int? Seed, int? Repeat,
    Hosting.ClusterTarget? Cluster, IReadOnlyList<string> Overrides);
