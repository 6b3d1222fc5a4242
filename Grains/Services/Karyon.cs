using Spigo.Architecture;
using Spigo.Grains.Hosting;

namespace Spigo.Grains.Services;

/// <summary>A Karyon business-logic service: routes to a random dependency instance in its own zone.</summary>
[GrainType(Packages.Karyon)]
public sealed class Karyon(NanoserviceServices services) : ServiceGrain(services)
{
    protected override bool RouteInZone => true;
}
