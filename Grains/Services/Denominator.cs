using Spigo.Architecture;
using Spigo.Grains.Hosting;

namespace Spigo.Grains.Services;

/// <summary>Global DNS, the traffic root: sends each request to a random ELB in any region.</summary>
[GrainType(Packages.Denominator)]
public sealed class Denominator(NanoserviceServices services) : ServiceGrain(services);
