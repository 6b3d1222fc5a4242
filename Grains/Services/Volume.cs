using Spigo.Architecture;
using Spigo.Grains.Hosting;

namespace Spigo.Grains.Services;

/// <summary>A block volume: a store that staash reads after a cache.</summary>
[GrainType(Packages.Volume)]
public sealed class Volume(NanoserviceServices services) : Store(services);
