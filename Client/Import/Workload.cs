namespace Spigo.Client.Import;

/// <summary>
/// Something a deployment file runs — a Kubernetes Deployment, StatefulSet or DaemonSet, a Compose service — with
/// how many replicas, its image, and what in it names another service.
/// </summary>
public sealed record Workload(string Name, int Replicas, string Image, string Kind, string Where, IReadOnlyList<Reference> References)
{
    /// <summary>The package, when the source says it (this project's own traces); otherwise it is inferred.</summary>
    public string? Package { get; init; }

    /// <summary>The service time fitted to what the source measured, as a json_arch "latency" (traces only).</summary>
    public string? Latency { get; init; }

    /// <summary>Notes on what was read and assumed, for the report.</summary>
    public List<string> Notes { get; } = [];
}
