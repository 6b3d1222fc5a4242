using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime.GrainDirectory;
using Orleans.Runtime.Placement;
using Spigo.Gotocol;
using Spigo.Grains.Metrics;
using Spigo.Grains.Placement;
using Spigo.Grains.Simulation;

namespace Spigo.Grains.Hosting;

public static class SpigoSiloBuilderExtensions
{
    /// <summary>Registers what the nanoservice grains need from their silo: placements, the run books, the -m log.</summary>
    public static ISiloBuilder AddSpigo(this ISiloBuilder builder, Archaius? archaius = null)
    {
        // Orleans' timers and grain collection read the same steady clock as the grains: a step of the host's clock
        // backwards made every activation on the silo fail ("the earliest collection that can be scheduled").
        builder.Services.AddSingleton<TimeProvider>(SteadyClock.Instance);
        builder.Services.AddSingleton(archaius ?? new Archaius());
        builder.Services.AddSingleton(sp => new GotocolLog(sp.GetRequiredService<Archaius>()));
        builder.Services.AddSingleton<RunBooks>();
        builder.Services.AddMetrics();
        builder.Services.AddSingleton<SpigoMetrics>();
        builder.Services.AddSingleton<ChatClock>();
        builder.Services.AddSingleton<DelayLine>();
        builder.Services.AddSingleton<NetworkPartitions>();
        builder.Services.AddSingleton<NanoserviceServices>();
        builder.Services.AddOptions<ZonePlacementOptions>().ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ZonePlacementOptions>, ZonePlacementOptionsValidator>();
        builder.AddPlacementDirector<ZonePlacement, ZonePlacementDirector>();
        builder.AddPlacementDirector<SiloPinnedPlacement, SiloPinnedPlacementDirector>();
        return builder;
    }

    /// <summary>
    /// What the silo embedded in a spigo process adds, as the whole cluster of one run: nanoservices are placed on it
    /// without a grain directory (<see cref="EmbeddedPlacement"/>), and activating or deactivating one has no time
    /// limit: a nanoservice's activation does no I/O, so the limit never fires, but arming it costs each activation.
    /// Grain addresses are cached in a plain dictionary (<see cref="EmbeddedDirectoryCache"/>) rather than Orleans' LRU.
    /// </summary>
    public static ISiloBuilder AddSpigoEmbedded(this ISiloBuilder builder)
    {
        builder.Services.AddSingleton<IPlacementStrategyResolver, EmbeddedPlacementResolver>();
        builder.AddPlacementDirector<EmbeddedPlacement, EmbeddedPlacementDirector>();
        builder.Configure<GrainCollectionOptions>(o =>
        {
            o.ActivationTimeout = Timeout.InfiniteTimeSpan;
            o.DeactivationTimeout = Timeout.InfiniteTimeSpan;
        });
        builder.Configure<GrainDirectoryOptions>(o => o.CachingStrategy = GrainDirectoryOptions.CachingStrategyType.Custom);
        builder.Services.AddSingleton<IGrainDirectoryCache>(sp =>
            new EmbeddedDirectoryCache(sp.GetRequiredService<IOptions<GrainDirectoryOptions>>().Value.CacheSize));
        return builder;
    }

    /// <summary>
    /// What a silo of a multi-silo cluster adds: Orleans' strongly consistent grain directory, so a lost silo's
    /// nanoservices come back exactly once each (the default directory can briefly activate one twice), and failure
    /// detection tuned so that a dead silo is declared dead within a few seconds.
    /// </summary>
    public static ISiloBuilder AddSpigoCluster(this ISiloBuilder builder, SpigoClusterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
#pragma warning disable ORLEANSEXP003 // Experimental in Orleans 10; the only directory that rules out duplicate activations.
        builder.AddDistributedGrainDirectory();
#pragma warning restore ORLEANSEXP003
        builder.Configure<ZonePlacementOptions>(o => o.Regions = options.Regions);
        builder.Configure<ClusterMembershipOptions>(o =>
        {
            o.ProbeTimeout = options.ProbeTimeout;
            o.MaxProbeTimeout = options.ProbeTimeout;
            o.NumMissedProbesLimit = options.MissedProbes;
            o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(5);
            o.TableRefreshTimeout = TimeSpan.FromSeconds(5);
        });
        // The directory holds a dead silo's ranges for this long before re-activating its grains elsewhere; the
        // membership's own death declaration already waited the detection time.
        builder.Configure<GrainDirectoryOptions>(o => o.RangeLeaseDuration = options.ProbeTimeout * options.MissedProbes);
        return builder;
    }
}
