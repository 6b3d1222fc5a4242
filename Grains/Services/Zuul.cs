using Spigo.Architecture;
using Spigo.Grains.Hosting;

namespace Spigo.Grains.Services;

/// <summary>The Zuul edge proxy: routes to a random instance of its dependencies in its own zone.</summary>
[GrainType(Packages.Zuul)]
public sealed class Zuul(NanoserviceServices services) : ServiceGrain(services)
{
    protected override bool RouteInZone => true;
}
