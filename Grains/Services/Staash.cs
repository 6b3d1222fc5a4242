using Spigo.Architecture;
using Spigo.Gotocol;
using Spigo.Grains.Hosting;

namespace Spigo.Grains.Services;

/// <summary>
/// Staash, the data access tier: reads from the first storage tier it has (cache, then volume, then
/// Cassandra/Riak, then store) and writes a Put to every tier; the Put is acknowledged by the read tier, so an
/// acknowledged write can be read back. Like Ribbon, it prefers the instances in its own zone and crosses to another
/// zone only when its own has none (Cassandra replicates every write to the other zones itself).
/// </summary>
[GrainType(Packages.Staash)]
public sealed class Staash(NanoserviceServices services) : ServiceGrain(services)
{
    /// <summary>The tiers that have instances, read tier first; worked out again only when instances come or go.</summary>
    private List<string>? _tiers;

    protected override void OnInstancesChanged(string service) => _tiers = null;

    protected override void Handle(GotocolMessage message)
    {
        var tiers = _tiers ??= [.. Wanted.Where(s => InstancesOf(s).Count > 0).OrderBy(s => Packages.ReadTier(InstancesOf(s)[0].Name.Package))];
        if (tiers.Count == 0)
        {
            Fail(message);
            return;
        }
        if (!Forward(message, tiers[0], inZone: true))
        {
            Fail(message);
            return;
        }
        if (message.Imposition != Imposition.Put) return;
        for (var i = 1; i < tiers.Count; i++) Forward(message, tiers[i], inZone: true, expectAnswer: false);
    }
}
