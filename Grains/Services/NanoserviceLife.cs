namespace Spigo.Grains.Services;

/// <summary>
/// Where a nanoservice is in its life, in one activation: the one state <see cref="NamedNanoservice"/> keeps.
/// </summary>
public enum NanoserviceLife
{
    /// <summary>Activated, not named yet: new, or back empty after its silo was lost (it asks for a rebuild).</summary>
    Unnamed,

    /// <summary>Named by Hello and serving, as first set up.</summary>
    Serving,

    /// <summary>Rebuilt after a fault had stopped it (Inform restored): serving, without what it held.</summary>
    Restored,

    /// <summary>Rebuilt after its silo was lost (Inform replacement): serving; it answers Goodbye as lost.</summary>
    Replaced,

    /// <summary>Gone by Goodbye after serving as first set up.</summary>
    Departed,

    /// <summary>Gone by Goodbye after being rebuilt as restored.</summary>
    DepartedRestored,

    /// <summary>Gone by Goodbye after being rebuilt as a replacement: reported as lost.</summary>
    DepartedReplaced,

    /// <summary>Told Goodbye before any Hello: what it held went with its silo, and it answered as lost.</summary>
    DepartedUnnamed,
}
