using Spigo.Grains.Hosting;

namespace Spigo.Grains.Services;

/// <summary>An elastic load balancer: spreads requests over its dependencies in all zones.</summary>
[GrainType("elb")]
public sealed class Elb(NanoserviceServices services) : ServiceGrain(services);
