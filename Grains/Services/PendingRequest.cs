using Spigo.Gotocol;

namespace Spigo.Grains.Services;

/// <summary>A request forwarded downstream: whom to answer, and the trace context the answer must carry.</summary>
internal readonly record struct PendingRequest(IGotocolListener ReplyTo, TraceContext Trace, DateTime Since);
