using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Spigo.Grains.Hosting;

namespace Spigo.Client.Hosting;

/// <summary>
/// A one-silo cluster inside the spigo process, so one command runs everything. It listens on 127.0.0.1 only,
/// on a free port, with no gateway: the drivers use the silo's own <see cref="IClusterClient"/>, which speaks to
/// grains exactly as a remote client would.
/// </summary>
public sealed class EmbeddedSilo : IAsyncDisposable
{
    private readonly IHost _host;

    private EmbeddedSilo(IHost host)
    {
        _host = host;
        Client = host.Services.GetRequiredService<IClusterClient>();
    }

    public IClusterClient Client { get; }

    public static async Task<EmbeddedSilo> StartAsync(Archaius archaius, CancellationToken cancellationToken)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
        });
        builder.Logging.AddFilter((category, level) => level >= LogLevel.Warning);
        // The watchdog warns of "CPU starvation" whenever a big run keeps both cores busy, which is the point.
        builder.Logging.AddFilter("Orleans.Runtime.Watchdog", LogLevel.Error);
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(siloPort: FreeLoopbackPort(), gatewayPort: 0,
                serviceId: "spigo", clusterId: "spigo-" + Environment.ProcessId);
            silo.AddSpigo(archaius);
        });
        var host = builder.Build();
        await host.StartAsync(cancellationToken);
        return new EmbeddedSilo(host);
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await _host.StopAsync(stop.Token);
        }
        finally
        {
            _host.Dispose();
        }
    }

    private static int FreeLoopbackPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
