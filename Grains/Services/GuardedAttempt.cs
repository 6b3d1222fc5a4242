using Spigo.Gotocol;

namespace Spigo.Grains.Services;

/// <summary>
/// One attempt of a request sent to a dependency under a <see cref="ResiliencePolicy"/>: enough to retry it elsewhere
/// (the request as it arrived and when, the dependency and how to route to it) and to know when it is late.
/// </summary>
internal sealed record GuardedAttempt(DependencyGuard Guard, string Service, bool InZone, GotocolMessage Request, int Number,
    string Instance, DateTime Deadline, DateTime Arrived);
