using Spigo.Grains.Hosting;

namespace Spigo.Grains.Services;

/// <summary>A Karyon business-logic service: routes to a random dependency instance in its own zone.</summary>
[GrainType("karyon")]
public sealed class Karyon(GotocolLog log) : ServiceGrain(log)
{
    protected override bool RouteInZone => true;
}
