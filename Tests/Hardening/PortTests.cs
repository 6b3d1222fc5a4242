using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Spigo.Tests.Cli;

namespace Spigo.Tests.Hardening;

/// <summary>spigo's own ports (-c's /metrics, --ui's viewer) are checked before anything starts.</summary>
public class PortTests
{
    [Theory]
    [InlineData("-c", "--metrics-port")]
    [InlineData("--ui", "--ui-port")]
    public async Task APortAlreadyInUseIsNamedBeforeTheRun(string flag, string portFlag)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var port = ((IPEndPoint)listener.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);
            var dir = TempDir.Create();
            var outcome = await CliRunner.Run("-a", "fsm", "-d", "0", flag, portFlag, port, "-j", "-o", dir);
            Assert.Equal(2, outcome.ExitCode);
            Assert.StartsWith($"spigo: {portFlag} {port}: cannot listen on 127.0.0.1: ", outcome.Err.Trim());
            Assert.DoesNotContain('\n', outcome.Err.Trim());
            Assert.Empty(Directory.EnumerateFileSystemEntries(dir));
        }
        finally
        {
            listener.Stop();
        }
    }

    [Fact]
    public async Task TheSamePortForMetricsAndViewerIsRefused()
    {
        var outcome = await CliRunner.Run("-a", "fsm", "-d", "0", "-c", "--ui", "--metrics-port", "18999", "--ui-port", "18999");
        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal("spigo: --ui-port 18999: the same port as --metrics-port; each needs its own", outcome.Err.Trim());
    }
}
