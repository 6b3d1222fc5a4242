using Spigo.Edda;
using Spigo.Gotocol;

namespace Spigo.Client.Architectures;

/// <summary>
/// A fault the Simian Army injects at a time into the traffic, from --chaos:
/// <c>monkey:SERVICE@T[+D]</c> (the chaos monkey stops one instance of the service),
/// <c>gorilla:REGION.ZONE@T[+D]</c> (chaos gorilla: every nanoservice of the zone stops, and its Eureka a second later),
/// <c>kong:REGION@T[+D]</c> (chaos kong: every nanoservice of the region stops, and its Eureka registries a second
/// later; the Denominator's traffic fails over to the other regions) — for good, or for D, after which Asgard sets
/// them up again as an auto-scaling group would —,
/// <c>latency:SERVICE=TIME@T+D</c> (latency monkey: the service takes that service time over each request for D),
/// <c>errors:SERVICE=RATE@T+D</c> (the latency monkey's other half: the service fails that share of its requests for D)
/// and <c>partition:SIDE/SIDE@T[+D]</c> (a network partition between two regions or zones, e.g.
/// us-east-1.zoneA/us-east-1.zoneB: messages between them are lost, for D or for good).
/// T and D are Go durations from the start of the traffic.
/// </summary>
public sealed record Fault(string Kind, string Target, TimeSpan At, TimeSpan? For, ServiceTime? Latency, double? ErrorRate = null)
{
    public const string Monkey = "monkey";
    public const string Gorilla = "gorilla";
    // The faults that Edda records by their kind share its words.
    public const string LatencyMonkey = EddaEvent.Latency;
    public const string ErrorMonkey = EddaEvent.Errors;
    public const string Kong = "kong";
    public const string Partition = EddaEvent.Partition;

    /// <summary>The most faults one run takes (a file's and --chaos's together): each opens a phase and a log line.</summary>
    public const int MaxFaults = 1000;

    /// <summary>Whether the fault stops nanoservices (the monkey, gorilla and kong), which then come back after D when it has one.</summary>
    public bool Stops => Kind is Monkey or Gorilla or Kong;

    /// <summary>The two sides a partition separates (its target is SIDE/SIDE).</summary>
    public (string A, string B) Sides => Target.Split('/') is [var a, var b] ? (a, b) : ("", "");

    /// <summary>The region and zone a gorilla stops (its target is REGION.ZONE).</summary>
    public (string Region, string Zone) Zone => Target.Split('.') is [var region, var zone] ? (region, zone) : ("", "");

    /// <summary>What the phase it opens is called in the summary, e.g. <c>gorilla us-east-1.zoneA</c>.</summary>
    public string Name => Kind switch
    {
        LatencyMonkey => $"latency {Target}={Latency}",
        ErrorMonkey => $"errors {Target}={ErrorRate * 100:0.##}%",
        _ => $"{Kind} {Target}",
    };

    public static bool TryParse(string text, out Fault fault, out string error)
    {
        fault = null!;
        var at = text.LastIndexOf('@');
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || at < colon)
        {
            error = $"expected monkey:SERVICE@T[+D], gorilla:REGION.ZONE@T[+D], kong:REGION@T[+D], latency:SERVICE=TIME@T+D, errors:SERVICE=RATE@T+D or partition:SIDE/SIDE@T[+D]";
            return false;
        }
        var kind = text[..colon];
        var target = text[(colon + 1)..at];
        var when = text[(at + 1)..];
        var plus = when.IndexOf('+', StringComparison.Ordinal);
        var startText = plus < 0 ? when : when[..plus];
        if (!GoDuration.TryParse(startText, out var start) || start < TimeSpan.Zero)
        {
            error = $"\"{startText}\" is not a time into the traffic (e.g. 5s)";
            return false;
        }
        TimeSpan? duration = null;
        if (plus >= 0)
        {
            // A negative duration is read as one, so that it is refused for its sign rather than as gibberish.
            var span = when[(plus + 1)..];
            var negative = span.StartsWith('-');
            if (!GoDuration.TryParse(negative ? span[1..] : span, out var d))
            {
                error = $"\"{span}\" is not a duration (e.g. 10s)";
                return false;
            }
            if (negative || d <= TimeSpan.Zero)
            {
                error = $"\"{span}\" is not a duration longer than 0 (e.g. 10s)";
                return false;
            }
            duration = d;
        }
        if (!FaultTarget.ByKind.TryGetValue(kind, out var parse))
        {
            error = $"unknown fault \"{kind}\": monkey, gorilla, kong, latency, errors or partition";
            return false;
        }
        var parsed = new FaultTarget.Parsed(target, null, null);
        if (!parse(target, duration, ref parsed, out error)) return false;
        fault = new Fault(kind, parsed.Target, start, duration, parsed.Latency, parsed.Rate);
        error = "";
        return true;
    }
}
