using Spigo.Grains.Hosting;
using Spigo.Grains.Placement;
using Spigo.Runs;

namespace Spigo.Grains.Services;

/// <summary>A silo's window on its process's telemetry (see <see cref="ISiloTelemetry"/>).</summary>
[SiloPinnedPlacement, GrainType("silotelemetry")]
public sealed class SiloTelemetry : Grain, ISiloTelemetry
{
    public Task<string> Process() => Task.FromResult(ProcessTelemetry.Token);

    public Task Open(string arch, bool flows)
    {
        ProcessTelemetry.Start(arch, flows);
        // A run may be long and this grain idle meanwhile: idle collection must not take it (its state is static anyway).
        DelayDeactivation(TimeSpan.FromDays(7));
        return Task.CompletedTask;
    }

    public Task<TelemetryShare> Close(string arch)
    {
        DeactivateOnIdle();
        return Task.FromResult(ProcessTelemetry.Stop(arch));
    }

    public Task<ServiceShare[]> Counts(string arch) => Task.FromResult(ProcessTelemetry.Counts(arch));
}
