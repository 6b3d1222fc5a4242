using Spigo.Architecture;
using Spigo.Grains.Hosting;

namespace Spigo.Grains.Services;

/// <summary>A Riak node: stores and replicates like Cassandra on the same kind of token ring.</summary>
[GrainType(Packages.Riak)]
public sealed class Riak(NanoserviceServices services) : PriamCassandra(services);
