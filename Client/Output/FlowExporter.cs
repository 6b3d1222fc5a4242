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

    public static int Export(IReadOnlyList<FlowSpan> spans, Uri endpoint)
    {
        using var source = new ActivitySource(SourceName);
        using var provider = Sdk.CreateTracerProviderBuilder()
            .AddSource(SourceName)
            .AddOtlpExporter(o =>
            {
                o.Endpoint = endpoint;
                o.Protocol = OtlpExportProtocol.HttpProtobuf;
                o.TimeoutMilliseconds = 5000;
                // Batches: a few requests to the collector rather than one per span, each bounded by the timeout.
                o.ExportProcessorType = ExportProcessorType.Batch;
                o.BatchExportProcessorOptions = new() { MaxExportBatchSize = 2048, MaxQueueSize = Math.Max(2048, spans.Count + 1), ScheduledDelayMilliseconds = 1000 };
            })
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
        provider.ForceFlush(10_000);
        return exported;
    }
}
