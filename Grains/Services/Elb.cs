using Spigo.Architecture;
using Spigo.Grains.Hosting;

namespace Spigo.Grains.Services;

/// <summary>An elastic load balancer: spreads requests over its dependencies in all zones.</summary>
[GrainType(Packages.Elb)]
public sealed class Elb(NanoserviceServices services) : ServiceGrain(services);
