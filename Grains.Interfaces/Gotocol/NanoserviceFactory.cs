using System.Collections.Frozen;
using Spigo.Architecture;
using Spigo.Names;

namespace Spigo.Gotocol;

/// <summary>
/// Finds a nanoservice grain by its dotted name. The package part of the name is the grain type, so
/// <c>fsm.*.*.pirate.pirate.Pirate7</c> is a Pirate grain and <c>lamp.us-east-1.zoneA.php.monolith.php0</c> a Monolith.
/// </summary>
/// <remarks>
/// A run makes a reference for every message it sets up, so this is on the hot path: the interface type and each
/// package's grain type are resolved once (Orleans' generic GetGrain resolves the interface by reflection on each call),
/// and a name already known to be valid is not parsed again for its package.
/// </remarks>
public static class NanoserviceFactory
{
    /// <summary>The name of <see cref="INanoservice"/> as a grain interface type.</summary>
    public const string InterfaceName = "nanoservice";

    /// <summary>The name of <see cref="IPirate"/> as a grain interface type.</summary>
    public const string PirateInterfaceName = "pirate";

    private static readonly GrainInterfaceType Interface = GrainInterfaceType.Create(InterfaceName);
    private static readonly GrainInterfaceType PirateInterface = GrainInterfaceType.Create(PirateInterfaceName);

    private static readonly FrozenDictionary<string, GrainType> KnownTypes =
        Packages.Services.Append(Packages.Eureka).Append(Packages.Pirate).ToFrozenDictionary(p => p, Create, StringComparer.Ordinal);

    private static GrainType Create(string package) => GrainType.Create(package.ToLowerInvariant());

    public static GrainType GrainTypeOf(string package) => KnownTypes.TryGetValue(package, out var type) ? type : Create(package);

    public static INanoservice GetNanoservice(this IGrainFactory factory, NanoName name) => Get(factory, GrainTypeOf(name.Package), name.ToString());

    /// <summary>For names already known to be valid (they came from a parsed <see cref="NanoName"/>).</summary>
    public static INanoservice GetNanoservice(this IGrainFactory factory, string name) => Get(factory, GrainTypeOfName(name), name);

    /// <summary>
    /// A nanoservice's reference to itself (or to any grain already identified). Orleans' <c>AsReference&lt;T&gt;()</c>
    /// resolves the interface type by reflection on each call: 5% of a 100,000-pirate run's CPU.
    /// </summary>
    public static INanoservice GetNanoservice(this IGrainFactory factory, GrainId id)
    {
        ArgumentNullException.ThrowIfNull(factory);
        return (INanoservice)factory.GetGrain(id, Interface);
    }

    /// <summary>A pirate's reference by its grain id, as <see cref="GetNanoservice(IGrainFactory, GrainId)"/>.</summary>
    public static IPirate GetPirate(this IGrainFactory factory, GrainId id)
    {
        ArgumentNullException.ThrowIfNull(factory);
        return (IPirate)factory.GetGrain(id, PirateInterface);
    }

    private static INanoservice Get(IGrainFactory factory, GrainType type, string name) => factory.GetNanoservice(GrainId.Create(type, name));

    /// <summary>The grain type of a full name's fifth part; a name without six parts is parsed, which says what is wrong.</summary>
    private static GrainType GrainTypeOfName(string name)
    {
        var span = name.AsSpan();
        var start = 0;
        for (var part = 0; part < 4; part++)
        {
            var dot = span[start..].IndexOf('.');
            if (dot < 0) return GrainTypeOf(NanoName.Parse(name).Package);
            start += dot + 1;
        }
        var end = span[start..].IndexOf('.');
        if (end <= 0 || span[(start + end + 1)..].Contains('.')) return GrainTypeOf(NanoName.Parse(name).Package);
        var package = span.Slice(start, end);
        return KnownTypes.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(package, out var type) ? type : Create(package.ToString());
    }
}
