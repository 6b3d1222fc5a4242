namespace Spigo.Grains.Hosting;

/// <summary>One hop of a request: who sent it (client), who received it (server), when, and where it sits in its trace.</summary>
public sealed record FlowSpan(ulong Trace, ulong Span, ulong Parent, string Name, string Client, string Server, DateTime Sent, DateTime Received);
