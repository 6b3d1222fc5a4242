using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Polly;
using Spigo.CommandLine;
using Spigo.Grains.Hosting;

namespace Spigo.Client.Hosting;

/// <summary>
/// A one-silo cluster inside the spigo process, so one command runs everything. It listens on 127.0.0.1 only,
/// on a free port, with no gateway: the drivers use the silo's own <see cref="IClusterClient"/>, which speaks to
/// grains exactly as a remote client would. With metrics asked for it also serves Prometheus' /metrics on 127.0.0.1.
/// </summary>
public sealed class EmbeddedSilo : IAsyncDisposable
{
    private readonly IHost _silo;
    private readonly IHost? _web;
    private readonly CancellationToken _interrupted;
    private readonly CancellationTokenSource _quiet;
    private readonly bool _endsWithProcess;

    private EmbeddedSilo(IHost silo, IHost? web, Uri? metrics, Uri? viewer, CancellationTokenSource quiet, CancellationToken interrupted)
    {
        _silo = silo;
        _endsWithProcess = silo.Services.GetRequiredService<Archaius>().EndsWithProcess;
        _web = web;
        _interrupted = interrupted;
        _quiet = quiet;
        Client = silo.Services.GetRequiredService<IClusterClient>();
        MetricsUrl = metrics;
        ViewerUrl = viewer;
    }

    public IClusterClient Client { get; }

    /// <summary>Where /metrics is served, when it is.</summary>
    public Uri? MetricsUrl { get; }

    /// <summary>Where the viewer is served (--ui), when it is.</summary>
    public Uri? ViewerUrl { get; }

    public static async Task<EmbeddedSilo> StartAsync(Archaius archaius, int? metricsPort, int? viewerPort, CancellationToken cancellationToken)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        // Quiet from the end of the run (or an interruption): messages still in flight to grains that have left are
        // expected then, and Orleans would log each one.
        var quiet = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Configure(builder, archaius, quiet.Token);
        var silo = builder.Build();
        if (metricsPort is null && viewerPort is null)
        {
            await StartOrDispose(silo, cancellationToken);
            return new EmbeddedSilo(silo, null, null, null, quiet, cancellationToken);
        }

        // The web host is a host of its own, started beside the silo rather than before it: its start-up was most of
        // what -c cost a short run. Meters are process-wide, so it exports the silo's Orleans meter all the same.
        var app = WebSide.Build(silo.Services.GetRequiredService<IClusterClient>(), metricsPort, viewerPort);
        var started = new[] { StartOrDispose(silo, cancellationToken), StartOrDispose(app, cancellationToken) };
        try
        {
            await Task.WhenAll(started);
        }
        catch
        {
            // One started and the other did not: stop the one that did, and report the first failure.
            if (started[0].IsCompletedSuccessfully) await Stop(silo, now: true);
            if (started[1].IsCompletedSuccessfully) await Stop(app, now: cancellationToken.IsCancellationRequested);
            throw;
        }
        var (metrics, viewer) = WebSide.Addresses(app, metricsPort, viewerPort);
        return new EmbeddedSilo(silo, app, metrics, viewer, quiet, cancellationToken);
    }

    /// <summary>The key of Orleans' placement pipeline (OrleansRuntimeResiliencePolicies.PlacementResiliencePipelineKey, internal).</summary>
    private const string PlacementPipeline = "Orleans.Placement";

    private static void Configure(HostApplicationBuilder builder, Archaius archaius, CancellationToken quiet)
    {
        // The watchdog warns of "CPU starvation" whenever a big run keeps both cores busy, which is the point; Orleans'
        // placement retries through Polly and says so at Warning for each message: the outcome is what counts. The silo's
        // health monitor, there for membership votes a one-silo run never holds, calls a second-long gen-2 collection of a
        // million pirates "degraded health" twice a run.
        builder.Logging.AddSpigoConsole(LogLevel.Warning, [("Orleans.Runtime.Watchdog", LogLevel.Error), ("Polly", LogLevel.Error),
            ("Orleans.Runtime.MembershipService.LocalSiloHealthMonitor", LogLevel.Error)], toStandardError: true, quiet);
        // Orleans runs each placement through a timeout-and-retry pipeline (Polly, keyed "Orleans.Placement"); on the
        // one silo of a run placement is a local decision that cannot time out. The first registration of a key is
        // the one Polly keeps, so this empty pipeline goes in before Orleans registers its own.
        builder.Services.AddResiliencePipeline<string, SiloAddress>(PlacementPipeline, static _ => { });
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(siloPort: FreePort.Loopback(), gatewayPort: 0,
                serviceId: "spigo", clusterId: "spigo-" + Environment.ProcessId);
            silo.AddSpigo(archaius).AddSpigoEmbedded();
        });
    }

    private static async Task StartOrDispose(IHost host, CancellationToken cancellationToken)
    {
        try
        {
            await host.StartAsync(cancellationToken);
        }
        catch
        {
            (host as IDisposable)?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The run has been driven to its end: from now on the log keeps only Critical entries, because messages still in
    /// flight to observers and grains that have gone (late Goodbyes, answers nobody waits for) are expected.
    /// </summary>
    public void Quiet() => _quiet.Cancel();

    public async ValueTask DisposeAsync()
    {
        await _quiet.CancelAsync();
        // The web host first: a scrape or the viewer may still call grains while it runs.
        if (_web is not null) await Stop(_web, now: _interrupted.IsCancellationRequested);
        if (_endsWithProcess)
        {
            // The process exits next and takes the silo with it: stopping it would deactivate every nanoservice that
            // said Goodbye (kept activated for this), one by one. Only the console log's queue needs flushing.
            _silo.Services.GetRequiredService<ILoggerFactory>().Dispose();
            return;
        }
        // The silo is the run's own and the run is over (its files are written): nothing waits on its grains. (They
        // are deactivated at Goodbye on such a silo: keeping 1,000,000 until the host is disposed made disposing it
        // take 10-16 s, and cost 15% at 100,000.)
        await Stop(_silo, now: true);
        _quiet.Dispose();
    }

    /// <summary>
    /// Stops a host gracefully (within 30 s), or at once: with the stop token already cancelled Orleans does not wait
    /// for the grains to deactivate one by one.
    /// </summary>
    private static async Task Stop(IHost host, bool now)
    {
        using var stop = now ? new CancellationTokenSource() : new CancellationTokenSource(TimeSpan.FromSeconds(30));
        if (now) await stop.CancelAsync();
        try
        {
            await host.StopAsync(stop.Token);
        }
        finally
        {
            (host as IDisposable)?.Dispose();
        }
    }
}
