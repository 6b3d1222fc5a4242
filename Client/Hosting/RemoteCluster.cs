using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Spigo.Gotocol;
using Spigo.Grains.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace Spigo.Client.Hosting;

/// <summary>
/// A connection to a running spigo cluster (silos started with spigo-silo). The drivers use its
/// <see cref="IClusterClient"/> exactly as they use the embedded silo's. Connecting is bounded in time: an
/// unreachable cluster is an error with the address in it, not a hang.
/// </summary>
public sealed class RemoteCluster : IAsyncDisposable
{
    private readonly IHost _host;

    private RemoteCluster(IHost host, ClusterConnectionWatch watch)
    {
        _host = host;
        _watch = watch;
        Client = host.Services.GetRequiredService<IClusterClient>();
    }

    private readonly ClusterConnectionWatch _watch;

    public IClusterClient Client { get; }

    /// <summary>Cancelled when every gateway has been gone for <see cref="ClusterConnectionWatch.Grace"/>.</summary>
    public CancellationToken Lost => _watch.Lost;

    public static async Task<RemoteCluster> ConnectAsync(ClusterTarget target, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        var watch = new ClusterConnectionWatch();
        // A failed start is reported as one line by spigo itself.
        // A membership store that cannot be read while gateways are known costs nothing yet (Orleans logs a stack trace at
        // every refresh); losing the gateways is what the connection watch reports, in one line.
        builder.Logging.AddSpigoConsole(LogLevel.Error, [("Microsoft.Extensions.Hosting", LogLevel.None), ("Orleans.Messaging.GatewayManager", LogLevel.None)],
            toStandardError: true, cancellationToken);
        builder.UseOrleansClient(client => Configure(client, target, timeout, watch));
        var host = builder.Build();
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(timeout);
        var start = host.StartAsync(bounded.Token);
        try
        {
            await start.WaitAsync(bounded.Token);
        }
        catch (Exception e)
        {
            // The client may still be retrying; dispose of it only once its start has given up.
            _ = start.ContinueWith(_ =>
            {
                (host as IDisposable)?.Dispose();
                watch.Dispose();
            }, TaskScheduler.Default);
            if (cancellationToken.IsCancellationRequested) throw; // interrupted, not unreachable
            var why = e is OperationCanceledException ? $"no answer within {timeout.TotalSeconds:0}s" : Innermost(e).Message;
            throw new ClusterUnreachableException($"cannot reach the cluster at {target}: {why}", e);
        }
        return new RemoteCluster(host, watch);
    }

    /// <summary>The client's cluster, its membership (Redis, or the gateways given), its watch on the connection and its call timeout.</summary>
    private static void Configure(IClientBuilder client, ClusterTarget target, TimeSpan timeout, ClusterConnectionWatch watch)
    {
        client.Services.AddSingleton<TimeProvider>(SteadyClock.Instance);
        client.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = target.ClusterId;
            o.ServiceId = target.ServiceId;
        });
        if (target.Redis is { } redis)
        {
            client.UseRedisClustering(options =>
            {
                options.ConfigurationOptions = StackExchange.Redis.ConfigurationOptions.Parse(redis);
                options.ConfigurationOptions.ConnectTimeout = (int)Math.Min(timeout.TotalMilliseconds, 5000);
                options.ConfigurationOptions.AbortOnConnectFail = true;
            });
        }
        else
        {
            client.UseStaticClustering([.. target.Gateways]);
        }
        client.AddClusterConnectionStatusObserver(watch);
        // A lost silo must not hold the driver for Orleans' default 30 s per call.
        client.Configure<MessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(10));
        // A silo cut off by a partition or paused breaks no connection: the client goes on sending to its gateway until
        // it reads the membership again and finds the silo declared dead. Orleans reads it once a minute; the driver's
        // requests must move to the live gateways within seconds of the declaration, as they do when a silo is killed.
        client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = GatewayRefresh);
    }

    /// <summary>How often the client reads the membership for the live gateways.</summary>
    public static readonly TimeSpan GatewayRefresh = TimeSpan.FromSeconds(2);

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null) e = e.InnerException;
        return e;
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _host.StopAsync(stop.Token);
        }
        catch (OperationCanceledException)
        {
            // Leaving is best-effort: the run's results are already in hand.
        }
        finally
        {
            (_host as IDisposable)?.Dispose();
            _watch.Dispose();
        }
    }
}
