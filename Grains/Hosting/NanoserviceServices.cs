using Microsoft.Extensions.Logging;
using Spigo.Grains.Metrics;
using Spigo.Grains.Simulation;

namespace Spigo.Grains.Hosting;

/// <summary>
/// The silo's services every nanoservice uses, handed to its constructor in one argument: its -m log, its telemetry,
/// the network's partitions and delays, the run books that find a controller, and the process's settings. One
/// singleton a silo, so an activation costs one resolution however many of them it uses.
/// </summary>
public sealed class NanoserviceServices(GotocolLog log, SpigoMetrics metrics, NetworkPartitions partitions, DelayLine delays, RunBooks runBooks,
    Archaius archaius, ILoggerFactory loggers)
{
    public GotocolLog Log { get; } = log;
    public SpigoMetrics Metrics { get; } = metrics;
    public NetworkPartitions Partitions { get; } = partitions;
    public DelayLine Delays { get; } = delays;
    public RunBooks RunBooks { get; } = runBooks;
    public Archaius Archaius { get; } = archaius;

    /// <summary>The logger nanoservices write their few log lines to.</summary>
    public ILogger Logger { get; } = loggers.CreateLogger("Spigo.Nanoservice");
}
