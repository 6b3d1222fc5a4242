namespace Spigo.Client.Import;

/// <summary>What a trace file held: its format, the spans read, and those that could not be read (counted, reported).</summary>
public sealed record TraceFile(string Format, IReadOnlyList<TraceSpan> Spans, int Unreadable, bool Hops);
