namespace Spigo.Runs;

/// <summary>The key of a silo's copy of a run book: <c>arch|silo</c>, the silo in Orleans' parsable form.</summary>
public static class RunBookKey
{
    public const char Separator = '|';

    public static string Of(string arch, SiloAddress silo) => arch + Separator + silo.ToParsableString();

    /// <summary>The silo a key names, or null for a key that names none.</summary>
    public static SiloAddress? SiloOf(string key)
    {
        var at = key.LastIndexOf(Separator);
        if (at < 0) return null;
        try
        {
            return SiloAddress.FromParsableString(key[(at + 1)..]);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
