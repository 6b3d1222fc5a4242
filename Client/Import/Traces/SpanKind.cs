namespace Spigo.Client.Import;

/// <summary>The side of a call a span records, as OpenTelemetry, Zipkin and Jaeger name them.</summary>
public enum SpanKind
{
    Unspecified,
    Server,
    Client,
    Internal,
    Producer,
    Consumer,
}
