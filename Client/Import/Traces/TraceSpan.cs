namespace Spigo.Client.Import;

/// <summary>
/// A span as the trace importer reads it from any format: where it belongs (trace, id, parent), which service ran it
/// (and which instance, region and zone, when the format says), when and how long (microseconds), and what it was: a
/// server or client side, an error, a call to a datastore.
/// </summary>
public sealed record TraceSpan(string Trace, string Id, string? Parent, string Service, long Start, long Duration)
{
    public SpanKind Kind { get; init; }
    public bool Error { get; init; }
    public string? Instance { get; init; }
    public string? Region { get; init; }
    public string? Zone { get; init; }

    /// <summary>For a client span that calls a datastore the trace does not include: its kind (redis, mysql, …) and name.</summary>
    public string? DbSystem { get; init; }
    public string? Peer { get; init; }

    /// <summary>For this project's own hop spans: the package the nanoservice's name gives.</summary>
    public string? Package { get; init; }

    /// <summary>For this project's own hop spans: the service that sent the hop (null for the traffic driver).</summary>
    public string? From { get; init; }

    public long End => Start + Duration;
}
