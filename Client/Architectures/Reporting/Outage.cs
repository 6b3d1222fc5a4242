namespace Spigo.Client.Architectures;

/// <summary>
/// What a lost silo cost the traffic: when failures began (seconds into the traffic), how many requests begun from then
/// until recovery failed or timed out, and how long after the first failure the first second came with at least 95%
/// of the asked rate answered (null: it never did before the traffic ended).
/// </summary>
public sealed record Outage(int StartedAtSecond, long FailedDuring, int? RecoveredAfterSeconds);
