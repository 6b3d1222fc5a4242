namespace Spigo.Tests;

/// <summary>
/// Tests that must have the machine to themselves, run one after another once the parallel ones are done: silo-loss
/// tests whose failure detection (1 s probes) would mistake a machine loaded by other tests for more dead silos, and
/// the tests that load it most (200,000 pirates, 5,000-instance services); and a Prometheus scrape of one run over
/// time, because the exporter follows every meter named "Spigo" in the process, and a test cluster stopping elsewhere
/// disposes its silos' meters, which ends the exporter's streams of the same instruments (one silo a process, as in
/// spigo and spigo-silo, never sees this).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AloneCollection
{
    public const string Name = "Alone";
}
