using System.Diagnostics;
using OpenTelemetry;

namespace Spigo.Client.Output;

/// <summary>
/// Passes batches to the real exporter and counts the spans it reports delivered, so that a collector that is down
/// or refuses the spans is reported as such rather than as "sent".
/// </summary>
internal sealed class DeliveryCountingExporter(BaseExporter<Activity> inner) : BaseExporter<Activity>
{
    public long Delivered { get; private set; }
    public long Undelivered { get; private set; }

    public override ExportResult Export(in Batch<Activity> batch)
    {
        var result = inner.Export(batch);
        if (result == ExportResult.Success) Delivered += batch.Count;
        else Undelivered += batch.Count;
        return result;
    }

    protected override bool OnForceFlush(int timeoutMilliseconds) => inner.ForceFlush(timeoutMilliseconds);

    protected override bool OnShutdown(int timeoutMilliseconds) => inner.Shutdown(timeoutMilliseconds);

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
