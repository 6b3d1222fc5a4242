using Spigo.Architecture;
using Spigo.Grains.Hosting;

namespace Spigo.Grains.Services;

/// <summary>A cache node: a store that staash reads first.</summary>
[GrainType(Packages.Cache)]
public sealed class Cache(NanoserviceServices services) : Store(services);
