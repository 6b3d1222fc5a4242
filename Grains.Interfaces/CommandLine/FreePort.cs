using System.Net;
using System.Net.Sockets;

namespace Spigo.CommandLine;

/// <summary>
/// Ports a process is about to listen on, checked first: Orleans' and Kestrel's own failures come late and as a stack
/// of exceptions. The probe socket is exclusive, so a listener sharing the port by SO_REUSEPORT shows too.
/// </summary>
public static class FreePort
{
    /// <summary>A loopback port free at the time of asking (Orleans' silo endpoint needs a number, not 0).</summary>
    public static int Loopback()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>The first port (0 means any, and is skipped) that cannot be listened on, as one line naming its flag; or null.</summary>
    public static string? FirstBusy(IPAddress address, IEnumerable<(string Flag, int Port)> ports)
    {
        foreach (var (flag, port) in ports)
        {
            if (port == 0) continue;
            try
            {
                var probe = new TcpListener(address, port) { ExclusiveAddressUse = true };
                probe.Start();
                probe.Stop();
            }
            catch (SocketException e)
            {
                return $"{flag} {port}: cannot listen on {address}: {e.Message}";
            }
        }
        return null;
    }
}
