using Spigo.Edda;

namespace Spigo.Client.Output;

/// <summary>An architecture's history as a file holds it: a header and Edda's entries in order.</summary>
public sealed record GraphDocument(string Arch, string Version, string Args, DateTime Date, IReadOnlyList<EddaEntry> Entries)
{
    /// <summary>
    /// The layout version written: the original spigo's reader accepts only "spigo-0.3" and "spigo-0.4" (and stops at
    /// any other), so files travel both ways; <see cref="Generator"/> says this program wrote it.
    /// </summary>
    public const string CurrentVersion = "spigo-0.4";

    /// <summary>A header field the original's reader ignores, naming the program that wrote the file.</summary>
    public const string Generator = "spigo-orleans-0.1";

    public IEnumerable<EddaEntry> Nodes => Entries.Where(e => e.Kind == EddaEntryKind.Node);
    public IEnumerable<EddaEntry> Edges => Entries.Where(e => e.Kind == EddaEntryKind.Edge);
    public IEnumerable<EddaEntry> Done => Entries.Where(e => e.Kind == EddaEntryKind.Done);

    /// <summary>Injected faults and breaker changes: in Edda's record and the viewer, not in the graph files spigo's readers know.</summary>
    public IEnumerable<EddaEntry> Events => Entries.Where(e => e.Kind == EddaEntryKind.Event);
}
