using Spigo.Gotocol;
using Spigo.Names;

namespace Spigo.Client.Architectures;

/// <summary>
/// What each kind of fault strikes, parsed from the part of --chaos between the kind and the time: one parser per kind.
/// A parser gets the fault's D (null when it has none) and fills in the target, and the service time or failure rate
/// the latency monkey sets; false with the reason when the text is not one.
/// </summary>
internal static class FaultTarget
{
    public delegate bool Parser(string text, TimeSpan? duration, ref Parsed parsed, out string error);

    public record struct Parsed(string Target, ServiceTime? Latency, double? Rate);

    public static readonly IReadOnlyDictionary<string, Parser> ByKind = new Dictionary<string, Parser>(StringComparer.Ordinal)
    {
        [Fault.Monkey] = Service,
        [Fault.Gorilla] = Zone,
        [Fault.Kong] = Region,
        [Fault.Partition] = Sides,
        [Fault.LatencyMonkey] = Latency,
        [Fault.ErrorMonkey] = Errors,
    };

    private static bool Service(string text, TimeSpan? duration, ref Parsed parsed, out string error) =>
        Check(NanoName.CheckPart(text, allowAny: false) is { } problem ? $"service \"{text}\" {problem}" : null, out error);

    private static bool Zone(string text, TimeSpan? duration, ref Parsed parsed, out string error) =>
        Check(text.Split('.') is [var region, var zone] && NanoName.CheckPart(region, allowAny: false) is null && NanoName.CheckPart(zone, allowAny: false) is null
            ? null : $"\"{text}\" is not a zone: expected REGION.ZONE, e.g. us-east-1.zoneA", out error);

    private static bool Region(string text, TimeSpan? duration, ref Parsed parsed, out string error) =>
        Check(NanoName.CheckPart(text, allowAny: false) is { } problem ? $"region \"{text}\" {problem}" : null, out error);

    private static bool Sides(string text, TimeSpan? duration, ref Parsed parsed, out string error) =>
        Check(text.Split('/') is [var a, var b] && IsSide(a) && IsSide(b) && a != b
            ? null : $"\"{text}\" is not a partition: expected two different regions or zones, e.g. us-east-1.zoneA/us-east-1.zoneB", out error);

    /// <summary>A side of a partition: a region, or REGION.ZONE.</summary>
    private static bool IsSide(string side) => side.Split('.') is { Length: 1 or 2 } parts && parts.All(p => NanoName.CheckPart(p, allowAny: false) is null);

    private static bool Latency(string text, TimeSpan? duration, ref Parsed parsed, out string error)
    {
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0 || duration is null) return Check("expected latency:SERVICE=TIME@T+D, e.g. latency:cassSubscriber=exp:20ms@5s+10s", out error);
        if (!ServiceTime.TryParse(text[(equals + 1)..], out var time, out error)) return false;
        parsed = parsed with { Target = text[..equals], Latency = time };
        return true;
    }

    private static bool Errors(string text, TimeSpan? duration, ref Parsed parsed, out string error)
    {
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0 || duration is null) return Check("expected errors:SERVICE=RATE@T+D, e.g. errors:cassSubscriber=50%@5s+10s", out error);
        var share = text[(equals + 1)..];
        if (!PlainNumber.TryParseShare(share, signRequired: true, out var rate))
        {
            return Check($"\"{share}\" is not a failure rate: expected a share from 0% to 100%, e.g. 50%", out error);
        }
        parsed = parsed with { Target = text[..equals], Rate = rate };
        error = "";
        return true;
    }

    /// <summary>True when there is no problem; else false with it as the error.</summary>
    private static bool Check(string? problem, out string error)
    {
        error = problem ?? "";
        return problem is null;
    }
}
