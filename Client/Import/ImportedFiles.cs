namespace Spigo.Client.Import;

/// <summary>
/// What deployment files describe: the workloads, the host names that reach each (a Kubernetes Service's name, a
/// Compose service's name or alias), the workloads that take traffic from outside (behind a load balancer or an
/// ingress), and notes on what was read and left out.
/// </summary>
public sealed record ImportedFiles(IReadOnlyList<Workload> Workloads, IReadOnlyDictionary<string, string> Hosts, IReadOnlySet<string> Exposed,
    IReadOnlyList<string> Notes);
