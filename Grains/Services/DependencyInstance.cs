using Spigo.Gotocol;
using Spigo.Names;

namespace Spigo.Grains.Services;

/// <summary>A known instance of a dependency, learned from Eureka: its name and where to send to it.</summary>
internal sealed record DependencyInstance(NanoName Name, string FullName, IGotocolListener Listener);
