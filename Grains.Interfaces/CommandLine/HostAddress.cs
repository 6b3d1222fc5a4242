using System.Net;
using System.Net.Sockets;

namespace Spigo.CommandLine;

/// <summary>Resolves a host name given on the command line (a compose service's name, say) once, IPv4 first.</summary>
public static class HostAddress
{
    /// <summary>The address, or null when the name does not resolve.</summary>
    public static IPAddress? Resolve(string host)
    {
        try
        {
            var addresses = Dns.GetHostAddresses(host);
            return addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses.FirstOrDefault();
        }
        catch (Exception e) when (e is SocketException or ArgumentException)
        {
            return null;
        }
    }
}
