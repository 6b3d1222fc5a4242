using System.Net;
using Microsoft.Extensions.Configuration;
using System.Net.Sockets;
using Spigo.Silo;
using Spigo.Tests.ScaleOut;

namespace Spigo.Tests.Hardening;

/// <summary>spigo-silo checks every flag and SPIGO_* variable, and every port, before it starts; joining gives up in bounded time.</summary>
public sealed class SiloStartTests : ProcessTests
{
    private static async Task<(int Code, string Out, string Err)> RunInProcess(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await SiloApp.RunAsync(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Theory]
    [InlineData(new[] { "--clustering", "zookeeper" }, "spigo-silo: --clustering zookeeper: expected localhost or redis")]
    [InlineData(new[] { "--silo-port", "70000" }, "spigo-silo: --silo-port 70000: must be a whole number from 1 to 65535")]
    [InlineData(new[] { "--advertise", "no-such-host.invalid" }, "spigo-silo: --advertise no-such-host.invalid: not an IP address, and the host name does not resolve")]
    [InlineData(new[] { "--advertise", "pod ip" }, "spigo-silo: --advertise pod ip: not an IP address or host name")]
    [InlineData(new[] { "--primary", "nowhere" }, "spigo-silo: --primary nowhere: expected ip:port, e.g. 127.0.0.1:11111")]
    [InlineData(new[] { "--clustering", "redis", "--primary", "127.0.0.1:11111" }, "spigo-silo: --primary 127.0.0.1:11111: only used with --clustering localhost")]
    [InlineData(new[] { "--silo-port", "99999999999" }, "spigo-silo: --silo-port 99999999999: must be a whole number from 1 to 65535")]
    [InlineData(new[] { "--http-port", "-1" }, "spigo-silo: --http-port -1: must be a whole number from 0 to 65535")]
    [InlineData(new[] { "--regions", "7" }, "spigo-silo: --regions 7: must be a whole number from 1 to 6")]
    [InlineData(new[] { "--probe-timeout", "5" }, "spigo-silo: --probe-timeout 5: must be a whole number from 100 to 60000")]
    [InlineData(new[] { "--start-timeout", "0" }, "spigo-silo: --start-timeout 0: must be a whole number from 1 to 3600")]
    [InlineData(new[] { "--silo-port", "30000" }, "spigo-silo: --gateway-port 30000: the same port as --silo-port; each needs its own")]
    [InlineData(new[] { "--gateway-port", "40000", "--http-port", "40000" }, "spigo-silo: --http-port 40000: the same port as --gateway-port; each needs its own")]
    public async Task BadValuesGetOneLineAndExitTwo(string[] args, string message)
    {
        var (code, stdout, stderr) = await RunInProcess(args);
        Assert.Equal(2, code);
        Assert.Equal(message, stderr.Trim());
        Assert.Equal("", stdout);
    }

    [Theory]
    [InlineData("SILO_PORT", "abc", "spigo-silo: SPIGO_SILO_PORT=abc: must be a whole number from 1 to 65535")]
    [InlineData("GATEWAY_PORT", "70000", "spigo-silo: SPIGO_GATEWAY_PORT=70000: must be a whole number from 1 to 65535")]
    [InlineData("REGIONS", "many", "spigo-silo: SPIGO_REGIONS=many: must be a whole number from 1 to 6")]
    [InlineData("SHUTDOWN_TIMEOUT", "0", "spigo-silo: SPIGO_SHUTDOWN_TIMEOUT=0: must be a whole number from 1 to 3600")]
    [InlineData("PROBE_TIMEOUT", "-5", "spigo-silo: SPIGO_PROBE_TIMEOUT=-5: must be a whole number from 100 to 60000")]
    [InlineData("CLUSTERING", "etcd", "spigo-silo: SPIGO_CLUSTERING=etcd: expected localhost or redis")]
    [InlineData("ADVERTISE", "pod ip", "spigo-silo: SPIGO_ADVERTISE=pod ip: not an IP address or host name")]
    [InlineData("PRIMARY", "nowhere", "spigo-silo: SPIGO_PRIMARY=nowhere: expected ip:port, e.g. 127.0.0.1:11111")]
    public async Task BadEnvironmentVariablesGetOneLineAndExitTwo(string key, string value, string message)
    {
        // Bound from configuration, as the process's own SPIGO_* variables are: no process-wide environment is touched.
        var environment = SiloEnvironment.From(new ConfigurationBuilder().AddInMemoryCollection([new(key, value)]).Build());
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        Assert.Equal(2, await SiloApp.RunAsync([], stdout, stderr, environment));
        Assert.Equal(message, stderr.ToString().Trim());
        Assert.Equal("", stdout.ToString());
    }

    [Fact]
    public async Task AFlagWinsOverItsVariable()
    {
        var environment = SiloEnvironment.From(new ConfigurationBuilder().AddInMemoryCollection([new("SILO_PORT", "abc")]).Build());
        var stderr = new StringWriter();
        Assert.Equal(2, await SiloApp.RunAsync(["--silo-port", "30000"], new StringWriter(), stderr, environment));
        // The flag's value was taken (and clashes with the gateway's default), not the variable's.
        Assert.Equal("spigo-silo: --gateway-port 30000: the same port as --silo-port; each needs its own", stderr.ToString().Trim());
    }

    [Fact]
    public async Task TheProcessEnvironmentIsWhereVariablesComeFrom()
    {
        var silo = new ChildProcess("spigo-silo.dll", [], new Dictionary<string, string> { ["SPIGO_SILO_PORT"] = "abc" });
        Track(silo);
        Assert.Equal(2, await silo.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal("spigo-silo: SPIGO_SILO_PORT=abc: must be a whole number from 1 to 65535", silo.Err.Trim());
    }

    [Fact]
    public async Task APortAlreadyInUseIsFoundBeforeStarting()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            var (code, _, stderr) = await RunInProcess("--gateway-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--http-port", "0");
            Assert.Equal(2, code);
            Assert.StartsWith($"spigo-silo: --gateway-port {port}: cannot listen on 127.0.0.1: ", stderr.Trim());
            Assert.DoesNotContain('\n', stderr.Trim());
        }
        finally
        {
            listener.Stop();
        }
    }

    [Fact]
    public async Task AnUnreachablePrimaryIsGivenUpOnWithOneLine()
    {
        var ports = FreePorts.Take(3);
        var silo = new ChildProcess("spigo-silo.dll", ["--silo-port", $"{ports[0]}", "--gateway-port", $"{ports[1]}", "--http-port", "0",
            "--primary", $"127.0.0.1:{ports[2]}", "--start-timeout", "2"]);
        Track(silo);

        Assert.Equal(1, await silo.WaitAsync(TimeSpan.FromSeconds(60)));
        Assert.Equal($"spigo-silo: did not join cluster spigo within 2 s (is the primary silo at 127.0.0.1:{ports[2]} running?); giving up", silo.Err.Trim());
    }

    [Fact]
    public async Task SigtermWhileJoiningIsAnOrdinaryStop()
    {
        var ports = FreePorts.Take(3);
        var silo = new ChildProcess("spigo-silo.dll", ["--silo-port", $"{ports[0]}", "--gateway-port", $"{ports[1]}", "--http-port", "0",
            "--primary", $"127.0.0.1:{ports[2]}"]);
        Track(silo);
        // Joining an absent primary goes on for --start-timeout (60 s); the connection attempts show it has begun.
        Assert.True(await silo.WaitForOut("Connection attempt", TimeSpan.FromSeconds(60)), silo.Out + silo.Err);

        silo.Terminate();

        var code = await silo.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(code == 0, $"exit {code}:\n{silo.Out}\n{silo.Err}");
        Assert.Equal("", silo.Err);
        Assert.EndsWith("spigo-silo: stopped before it had joined its cluster", silo.Out.Trim());
    }
}
