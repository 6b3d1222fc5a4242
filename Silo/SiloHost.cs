using System.Net;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Orleans.Configuration;
using Spigo.Grains.Hosting;
using Spigo.Viewer;

namespace Spigo.Silo;

/// <summary>Builds the silo process: Orleans with spigo's grains, and an HTTP side with /metrics and health.</summary>
public static class SiloHost
{
    public const string LivePath = "/health/live";
    public const string ReadyPath = "/health/ready";
    private const string ReadyTag = "ready";

    /// <summary>Once <paramref name="quiet"/> is cancelled (the silo gave up joining) only Critical entries are logged.</summary>
    public static WebApplication Build(SiloOptions options, CancellationToken quiet = default)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.AddSpigoConsole(LogLevel.Information,
        [
            ("Microsoft.AspNetCore", LogLevel.Warning),
            ("Orleans", LogLevel.Warning),
            // Orleans' placement retry pipeline logs every placement at Information.
            ("Polly", LogLevel.Warning),
            // A failed start is reported by spigo-silo itself in one line (Orleans logs it twice, with its stack).
            ("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None),
            ("Orleans.Runtime.SiloLifecycleSubject", LogLevel.None),
            ("Orleans.Runtime.Silo", LogLevel.Critical),
            // An unusable membership store is reported by spigo-silo (at start) or its membership watch (later), in one
            // line each; Orleans repeats it with a stack trace at every retry.
            ("Orleans.Runtime.MembershipService.MembershipTableManager", LogLevel.Critical),
            // An unready silo's reason is logged once by the membership watch, not at every probe of /health/ready.
            ("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.None),
            // Busy cores are the point of a simulation; the watchdog's starvation warnings are noise here.
            ("Orleans.Runtime.Watchdog", LogLevel.Error),
        ], toStandardError: false, quiet);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = options.ShutdownTimeout);
        builder.WebHost.UseUrls($"http://{Format(options.Listen)}:{options.HttpPort}");
        builder.WebHost.ConfigureKestrel(o => o.AddServerHeader = false);
        builder.Services.AddSpigoMetrics();
        builder.Services.AddSpigoWebDefenses(options.AllowedHosts);
        if (options.Clustering == SiloCommand.RedisClustering)
            builder.Services.AddSingleton(new MembershipRows(options.Redis, options.ServiceId, options.ClusterId));
        builder.Services.AddSingleton<MembershipWatch>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<MembershipWatch>());
        builder.Services.AddHealthChecks().AddCheck<SiloReadiness>("silo", tags: [ReadyTag]);
        builder.UseOrleans(silo => Configure(silo, options));
        // After Orleans' own registration, so that this one is the handler the runtime gets.
        builder.Services.AddSingleton<IFatalErrorHandler, DeclaredDead>();

        var app = builder.Build();
        app.UseSpigoWebDefenses();
        app.MapSpigoMetrics();
        app.MapSpigoViewer();
        // Live: the process answers. Ready: the silo is an active member of its cluster and takes grains.
        app.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) });
        return app;
    }

    /// <summary>The silo: its cluster, its endpoints, its membership (Redis, or localhost with a primary), and spigo's grains.</summary>
    private static void Configure(ISiloBuilder silo, SiloOptions options)
    {
        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = options.ClusterId;
            o.ServiceId = options.ServiceId;
        });
        silo.Configure<EndpointOptions>(o =>
        {
            o.AdvertisedIPAddress = options.Advertise;
            o.SiloPort = options.SiloPort;
            o.GatewayPort = options.GatewayPort;
            o.SiloListeningEndpoint = new IPEndPoint(options.Listen, options.SiloPort);
            o.GatewayListeningEndpoint = new IPEndPoint(options.Listen, options.GatewayPort);
        });
        if (options.Clustering == SiloCommand.RedisClustering)
        {
            silo.UseRedisClustering(options.Redis);
        }
        else
        {
            silo.UseDevelopmentClustering(options.Primary ?? new IPEndPoint(options.Advertise, options.SiloPort));
        }
        silo.AddSpigo(new Archaius { MessageLog = options.MessageLog });
        silo.AddSpigoCluster(options.Cluster);
    }

    /// <summary>What the silo says when it is up: where it listens and how it finds its cluster.</summary>
    public static string Describe(SiloOptions options, IEnumerable<string> urls) =>
        $"spigo-silo: silo {Format(options.Advertise)}:{options.SiloPort}, gateway {options.GatewayPort}, cluster {options.ClusterId}/{options.ServiceId}, " +
        (options.Clustering == SiloCommand.RedisClustering ? $"membership in redis {options.Redis}"
            : options.Primary is null ? "localhost clustering (primary)" : $"localhost clustering, primary {options.Primary}") +
        $"; viewer {string.Join(", ", urls.Select(u => u + "/"))}, {SpigoTelemetry.MetricsPath}, {LivePath}, {ReadyPath}";

    private static string Format(IPAddress address) =>
        address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
}
