using Spigo.Gotocol;

namespace Spigo.Grains.Services;

/// <summary>
/// A request forwarded downstream: whom to answer, the trace context the answer must carry, and, for a dependency
/// with a resilience policy, the attempt it is.
/// </summary>
internal readonly record struct PendingRequest(IGotocolListener ReplyTo, TraceContext Trace, DateTime Since, GuardedAttempt? Attempt = null);
