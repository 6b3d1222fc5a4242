namespace Spigo.Client.Architectures;

/// <summary>
/// The read-your-writes check: acknowledged keys read back from each zone of the storage ring. Reads is keys × zones;
/// Found, the pairs that answered with the acknowledged value; Wrong, those whose last answer was another value.
/// </summary>
public sealed record ReadBackReport(int Keys, int Zones, long Reads, long Found, long Wrong, IReadOnlyList<string> Violations, string? Skipped)
{
    public bool Holds => Skipped is null && Violations.Count == 0;
}
