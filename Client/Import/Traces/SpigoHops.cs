using Spigo.Names;

namespace Spigo.Client.Import;

/// <summary>
/// This project's own flow spans: one per hop of a request, from the nanoservice that sent it (or the traffic driver)
/// to the one that received it, from the send to the receipt. The receiving nanoservice's dotted name gives its
/// service, package, region, zone and instance.
/// </summary>
public static class SpigoHops
{
    public static TraceSpan? Hop(string? trace, string? id, string? parent, string? client, string? server, long? sent, long? received)
    {
        if (trace is null || id is null || server is null || sent is null || received is null || !NanoName.TryParse(server, out var to, out _)) return null;
        return new TraceSpan(trace, id, parent is { Length: > 0 } && parent != id ? parent : null, to.Service, sent.Value, Math.Max(0, received.Value - sent.Value))
        {
            Kind = SpanKind.Server,
            Package = to.Package,
            Instance = server,
            Region = to.Region == NanoName.Any ? null : to.Region,
            Zone = to.Zone == NanoName.Any ? null : $"{to.Region}.{to.Zone}",
            From = client is not null && NanoName.TryParse(client, out var from, out _) ? from.Service : null,
        };
    }
}
