using Spigo.Grains.Metrics;
using Spigo.Grains.Placement;
using Spigo.Names;
using Spigo.Runs;

namespace Spigo.Grains.Services;

/// <summary>A silo's window on its telemetry (see <see cref="ISiloTelemetry"/>).</summary>
[SiloPinnedPlacement, GrainType(GrainTypes.SiloTelemetry)]
public sealed class SiloTelemetry(SpigoMetrics metrics) : Grain, ISiloTelemetry
{
    public Task Open(string arch, bool flows)
    {
        metrics.Start(arch, flows);
        // A run may be long and this grain idle meanwhile: idle collection must not take it (its state is the silo's anyway).
        DelayDeactivation(TimeSpan.FromDays(7));
        return Task.CompletedTask;
    }

    public Task<TelemetryShare> Close(string arch)
    {
        DeactivateOnIdle();
        return Task.FromResult(metrics.Stop(arch));
    }

    public Task<ServiceShare[]> Counts(string arch) => Task.FromResult(metrics.Counts(arch));

    public Task<EdgeShare[]> Edges(string arch) => Task.FromResult(metrics.Edges(arch));

    public Task<ResilienceShare[]> Resilience(string arch) => Task.FromResult(metrics.Resilience(arch));

    public Task<WorkerShare[]> Workers(string arch) => Task.FromResult(metrics.Workers(arch));
}
