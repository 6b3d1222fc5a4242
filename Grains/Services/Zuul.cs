using Spigo.Grains.Hosting;

namespace Spigo.Grains.Services;

/// <summary>The Zuul edge proxy: routes to a random instance of its dependencies in its own zone.</summary>
[GrainType("zuul")]
public sealed class Zuul(GotocolLog log) : ServiceGrain(log)
{
    protected override bool RouteInZone => true;
}
