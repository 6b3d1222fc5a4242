namespace Spigo.Client.Architectures;

/// <summary>The read-your-writes check: acknowledged keys read back from each zone of the storage ring.</summary>
public sealed record ReadBackReport(int Keys, int Zones, long Reads, long Found, long Wrong, IReadOnlyList<string> Violations, string? Skipped)
{
    public bool Holds => Skipped is null && Violations.Count == 0;
}
