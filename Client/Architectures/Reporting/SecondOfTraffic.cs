namespace Spigo.Client.Architectures;

/// <summary>One second of a run's traffic: the requests sent in it, and of those, how many were answered and how many failed or timed out.</summary>
public sealed record SecondOfTraffic(long Sent, long Answered, long Failed);
