using Spigo.Gotocol;
using Spigo.Grains.Metrics;

namespace Spigo.Grains.Services;

/// <summary>
/// A request forwarded downstream: whom to answer, the trace context the answer must carry, when it arrived here,
/// for a dependency with a resilience policy the attempt it is, and, while the run is counted, the edge it went along
/// and when it left (for the response time its dependency took).
/// </summary>
internal readonly record struct PendingRequest(IGotocolListener ReplyTo, TraceContext Trace, DateTime Since, GuardedAttempt? Attempt = null,
    EdgeSeries? Edge = null, DateTime Sent = default);
