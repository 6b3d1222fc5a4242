using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Spigo.Silo;

/// <summary>Ready when this silo is an Active member of its cluster: before that it cannot take activations.</summary>
public sealed class SiloReadiness(IClusterMembershipService membership, ILocalSiloDetails self, MembershipWatch watch) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if ((watch.Lost ?? watch.Unreadable) is { } problem) return Task.FromResult(HealthCheckResult.Unhealthy(problem));
        var snapshot = membership.CurrentSnapshot;
        var status = snapshot.GetSiloStatus(self.SiloAddress);
        var active = snapshot.Members.Values.Count(m => m.Status == SiloStatus.Active);
        return Task.FromResult(status == SiloStatus.Active
            ? HealthCheckResult.Healthy($"{self.SiloAddress} active; {active} active silos")
            : HealthCheckResult.Unhealthy($"{self.SiloAddress} is {status}"));
    }
}
