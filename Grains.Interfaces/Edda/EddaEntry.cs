namespace Spigo.Edda;

/// <summary>
/// One line of the architecture's history, in the order Edda heard it.
/// Node: <see cref="Name"/> and <see cref="Package"/>; Edge: <see cref="Name"/> is the edge id (e1, e2, …),
/// <see cref="Source"/> and <see cref="Target"/>; Done: <see cref="Name"/> and <see cref="Exit"/>; Event: <see cref="Name"/>
/// is whom or what it concerns and <see cref="Metadata"/> what happened (e.g. "breaker:subscriber:open").
/// </summary>
[GenerateSerializer, Immutable, Alias("spigo.EddaEntry")]
public sealed record EddaEntry(
    [property: Id(0)] EddaEntryKind Kind,
    [property: Id(1)] string Name,
    [property: Id(2)] DateTime Timestamp,
    [property: Id(3)] string? Package = null,
    [property: Id(4)] string? Source = null,
    [property: Id(5)] string? Target = null,
    [property: Id(6)] string? Exit = null,
    [property: Id(7)] string? Metadata = null)
{
    public static EddaEntry Node(string name, string package, DateTime timestamp, string? metadata = null) =>
        new(EddaEntryKind.Node, name, timestamp, Package: package, Metadata: metadata);

    public static EddaEntry Edge(string id, string source, string target, DateTime timestamp) =>
        new(EddaEntryKind.Edge, id, timestamp, Source: source, Target: target);

    public static EddaEntry Done(string name, string exit, DateTime timestamp) =>
        new(EddaEntryKind.Done, name, timestamp, Exit: exit);

    public static EddaEntry Event(string subject, string what, DateTime timestamp) =>
        new(EddaEntryKind.Event, subject, timestamp, Metadata: what);
}
