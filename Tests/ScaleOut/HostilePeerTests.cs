using System.Net;
using System.Net.Sockets;

namespace Spigo.Tests.ScaleOut;

/// <summary>
/// spigo and spigo-silo pointed at a port that speaks something else — an HTTP server, an echo — end with one clear
/// line naming the address and a non-zero exit, within their connect time, never a hang or a stack trace.
/// </summary>
public sealed class HostilePeerTests : ProcessTests
{
    /// <summary>A loopback TCP server that answers every connection as an HTTP server would, or echoes what it is sent.</summary>
    private sealed class Impostor : IAsyncDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _serving;

        public Impostor(bool echo)
        {
            _listener.Start();
            _serving = Serve(echo);
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        private async Task Serve(bool echo)
        {
            try
            {
                while (!_stop.IsCancellationRequested)
                {
                    var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                    _ = Answer(client, echo);
                }
            }
            catch (OperationCanceledException)
            {
            }
        }

        private async Task Answer(TcpClient client, bool echo)
        {
            using var _ = client;
            try
            {
                var stream = client.GetStream();
                var buffer = new byte[4096];
                int read;
                while ((read = await stream.ReadAsync(buffer, _stop.Token)) > 0)
                {
                    if (echo) await stream.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
                    else
                    {
                        await stream.WriteAsync("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray(), _stop.Token);
                        return;
                    }
                }
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or SocketException)
            {
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            await _serving;
            _stop.Dispose();
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ARunPointedAtAGatewayThatSpeaksSomethingElseEndsWithOneLine(bool echo)
    {
        await using var impostor = new Impostor(echo);
        var outcome = await Cli.CliRunner.Run("-a", "fsm", "-p", "10", "--seed", "1", "--gateway", $"127.0.0.1:{impostor.Port}", "--connect-timeout", "3s");

        Assert.Equal(1, outcome.ExitCode);
        Assert.StartsWith($"spigo: cannot reach the cluster at gateway 127.0.0.1:{impostor.Port}: ", outcome.Err.Trim().Split('\n')[^1]);
        Assert.DoesNotContain("   at ", outcome.Err, StringComparison.Ordinal);
        Assert.Empty(outcome.Out);
    }

    [Fact]
    public async Task ASiloPointedAtARedisThatSpeaksHttpEndsWithOneLine()
    {
        await using var impostor = new Impostor(echo: false);
        var ports = FreePorts.Take(3);
        var silo = Start("spigo-silo.dll", "--clustering", "redis", "--redis", $"127.0.0.1:{impostor.Port}", "--cluster-id", "impostor",
            "--silo-port", $"{ports[0]}", "--gateway-port", $"{ports[1]}", "--http-port", $"{ports[2]}");

        Assert.Equal(1, await silo.WaitAsync(TimeSpan.FromSeconds(60)));
        Assert.Equal($"spigo-silo: cannot use Redis at 127.0.0.1:{impostor.Port} (--redis) for the membership: It was not possible to connect to the redis server(s)",
            silo.Err.Trim().Split('\n')[^1]);
        Assert.DoesNotContain("   at ", silo.Err + silo.Out, StringComparison.Ordinal);
    }
}
