using Spigo.Architecture;
using Spigo.Grains.Hosting;

namespace Spigo.Grains.Services;

/// <summary>A monolith (a PHP web server): like Karyon, but it may route across zones.</summary>
[GrainType(Packages.Monolith)]
public sealed class Monolith(NanoserviceServices services) : ServiceGrain(services);
