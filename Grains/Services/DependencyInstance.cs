using Spigo.Gotocol;
using Spigo.Grains.Metrics;
using Spigo.Names;

namespace Spigo.Grains.Services;

/// <summary>A known instance of a dependency, learned from Eureka: its name and where to send to it.</summary>
internal sealed class DependencyInstance(NanoName name, string fullName, IGotocolListener listener)
{
    public NanoName Name { get; } = name;
    public string FullName { get; } = fullName;
    public IGotocolListener Listener { get; } = listener;

    /// <summary>While a run is counted, the edge (from its caller's service and zone to its own) its requests count on: looked up once.</summary>
    public EdgeSeries? Edge { get; set; }
}
