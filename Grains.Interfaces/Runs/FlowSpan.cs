namespace Spigo.Runs;

/// <summary>One hop of a request: who sent it (client), who received it (server), when, and where it sits in its trace.</summary>
[GenerateSerializer, Immutable, Alias("spigo.FlowSpan")]
public sealed record FlowSpan(
    [property: Id(0)] ulong Trace,
    [property: Id(1)] ulong Span,
    [property: Id(2)] ulong Parent,
    [property: Id(3)] string Name,
    [property: Id(4)] string Client,
    [property: Id(5)] string Server,
    [property: Id(6)] DateTime Sent,
    [property: Id(7)] DateTime Received);
