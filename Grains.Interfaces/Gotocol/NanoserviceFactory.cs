using Spigo.Names;

namespace Spigo.Gotocol;

/// <summary>
/// Finds a nanoservice grain by its dotted name. The package part of the name is the grain type, so
/// <c>fsm.*.*.pirate.pirate.Pirate7</c> is a Pirate grain and <c>lamp.us-east-1.zoneA.php.monolith.php0</c> a Monolith.
/// </summary>
public static class NanoserviceFactory
{
    public static GrainType GrainTypeOf(string package) => GrainType.Create(package.ToLowerInvariant());

    public static INanoservice GetNanoservice(this IGrainFactory factory, NanoName name) =>
        factory.GetGrain<INanoservice>(GrainId.Create(GrainTypeOf(name.Package), name.ToString()));

    /// <summary>For names already known to be valid (they came from a parsed <see cref="NanoName"/>).</summary>
    public static INanoservice GetNanoservice(this IGrainFactory factory, string name) =>
        factory.GetNanoservice(NanoName.Parse(name));
}
