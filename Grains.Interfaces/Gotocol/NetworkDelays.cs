namespace Spigo.Gotocol;

/// <summary>
/// The network delay of one hop by distance: within a zone, to another zone of the region, to another region. Written
/// <c>200us,1ms,60ms</c> in --network and in the Inform that hands it to a nanoservice.
/// </summary>
public sealed record NetworkDelays(TimeSpan SameZone, TimeSpan OtherZone, TimeSpan OtherRegion)
{
    /// <summary>What --network means without a value: a rack, a data-centre campus, a continent apart.</summary>
    public static readonly NetworkDelays Typical = new(TimeSpan.FromMicroseconds(200), TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(60));

    /// <summary>The longest a hop can take.</summary>
    public static readonly TimeSpan Max = TimeSpan.FromSeconds(10);

    public static bool TryParse(string? text, out NetworkDelays value, out string error)
    {
        value = Typical;
        var parts = (text ?? "").Split(',');
        if (parts.Length != 3)
        {
            error = $"\"{text}\" is not a set of network delays: expected three durations, same zone, other zone and other region (e.g. 200us,1ms,60ms)";
            return false;
        }
        var delays = new TimeSpan[3];
        for (var i = 0; i < 3; i++)
        {
            if (!GoDuration.TryParse(parts[i], out delays[i]) || delays[i] < TimeSpan.Zero || delays[i] > Max)
            {
                error = $"\"{text}\": \"{parts[i]}\" is not a duration from 0 to {GoDuration.Format(Max)}";
                return false;
            }
        }
        value = new NetworkDelays(delays[0], delays[1], delays[2]);
        error = "";
        return true;
    }

    /// <summary>
    /// The delay between two places named by region and zone. A <c>*</c> zone (a zone-spanning service) counts as
    /// another zone, and so does a <c>*</c> region (a global service such as DNS, which answers from near the caller).
    /// </summary>
    public TimeSpan Between(string fromRegion, string fromZone, string toRegion, string toZone) =>
        fromRegion == "*" || toRegion == "*" ? OtherZone
        : fromRegion != toRegion ? OtherRegion
        : fromZone == toZone && fromZone != "*" ? SameZone : OtherZone;

    public override string ToString() => $"{GoDuration.Format(SameZone)},{GoDuration.Format(OtherZone)},{GoDuration.Format(OtherRegion)}";
}
