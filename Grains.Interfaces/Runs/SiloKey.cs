namespace Spigo.Runs;

/// <summary>
/// The key of a grain that lives on one named silo (see SiloPinnedPlacement): <c>name|silo</c>, the silo in Orleans'
/// parsable form. A run book's name is its architecture; the silo's telemetry's is <see cref="Telemetry"/>.
/// </summary>
public static class SiloKey
{
    public const char Separator = '|';

    /// <summary>The name of every silo's <see cref="ISiloTelemetry"/>.</summary>
    public const string Telemetry = "telemetry";

    /// <summary>The name of every silo's <see cref="ISiloNetwork"/>.</summary>
    public const string Network = "network";

    public static string Of(string name, SiloAddress silo) => name + Separator + silo.ToParsableString();

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
