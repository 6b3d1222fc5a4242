using Spigo.Runs;
using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Trace;

namespace Spigo.Client.Output;

/// <summary>
/// Sends the recorded flow spans through OpenTelemetry's OTLP exporter (HTTP/protobuf) to a collector the user names,
/// e.g. http://127.0.0.1:4318/v1/traces. Each hop becomes a server span under its parent hop, with the sending and
/// receiving nanoservices as attributes and the hop's send and receive times as its start and end. OpenTelemetry
/// gives the spans their own ids; the tree and the timings are the flow file's.
/// </summary>
public static class FlowExporter
{
    private const string SourceName = "Spigo.Flow";

    /// <summary>Sends the spans; returns how many were made and how many the collector accepted.</summary>
    public static (int Sent, long Delivered) Export(IReadOnlyList<FlowSpan> spans, Uri endpoint)
    {
        using var source = new ActivitySource(SourceName);
        var exporter = new DeliveryCountingExporter(new OtlpTraceExporter(new OtlpExporterOptions
        {
            Endpoint = endpoint,
            Protocol = OtlpExportProtocol.HttpProtobuf,
            TimeoutMilliseconds = 5000,
        }));
        // Batches: a few requests to the collector rather than one per span, each bounded by the timeout.
        using var provider = Sdk.CreateTracerProviderBuilder()
            .AddSource(SourceName)
            .AddProcessor(new BatchActivityExportProcessor(exporter, maxQueueSize: Math.Max(2048, spans.Count + 1),
                scheduledDelayMilliseconds: 1000, exporterTimeoutMilliseconds: 5000, maxExportBatchSize: 2048))
            .Build();
        var contexts = new Dictionary<(ulong Trace, ulong Span), ActivityContext>();
        var exported = 0;
        // Parents were received before their children, so one pass in receive order finds every parent first.
        foreach (var span in spans.OrderBy(s => s.Received))
        {
            var parent = contexts.GetValueOrDefault((span.Trace, span.Parent));
            using var activity = source.StartActivity(span.Name, ActivityKind.Server, parent, startTime: span.Sent);
            if (activity is null) continue;
            activity.SetTag("spigo.client", span.Client);
            activity.SetTag("spigo.server", span.Server);
            activity.SetEndTime(span.Received < span.Sent ? span.Sent : span.Received);
            contexts[(span.Trace, span.Span)] = activity.Context;
            exported++;
        }
        // Shutdown, not ForceFlush: a flush returns once the batch has been read, which the exporter does before its
        // request is answered; shutting down waits for the exporting thread, so the counts are final.
        provider.Shutdown(60_000);
        return (exported, exporter.Delivered);
    }
}
