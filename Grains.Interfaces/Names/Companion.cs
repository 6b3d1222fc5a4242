namespace Spigo.Names;

/// <summary>
/// The key of a grain that lives beside a nanoservice (the load generator of a root): the nanoservice's name,
/// <see cref="Separator"/>, and what it is. Zone placement puts it on the nanoservice's silo.
/// </summary>
public static class Companion
{
    public const char Separator = '#';

    public static string Of(string name, string what) => name + Separator + what;
}
