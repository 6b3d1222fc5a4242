using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Spigo.Edda;
using Spigo.Grains.Hosting;

namespace Spigo.Viewer;

/// <summary>
/// The viewer's HTTP side: the page and its assets, the list of runs, a Server-Sent Events stream of each run's
/// Edda entries, and the run's counters (per service and per edge between services) for the traffic drawn along edges and the side panel.
/// </summary>
public static class ViewerEndpoints
{
    /// <summary>How often the stream asks Edda for new entries, and how many it sends at most per event.</summary>
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);
    private const int Page = 5000;

    /// <summary>The page's files: the embedded wwwroot, served by ASP.NET Core's static files from the build's manifest.</summary>
    private static readonly ManifestEmbeddedFileProvider Files = new(typeof(ViewerEndpoints).Assembly, "wwwroot");

    public static WebApplication MapSpigoViewer(this WebApplication app)
    {
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = Files });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = Files });
        app.MapGet("/api/runs", async (IClusterClient client) =>
            Results.Json((await client.GetGrain<IEddaIndex>(0).List()).Select(r => new { key = r.Key, arch = r.Arch, started = r.Started })));
        app.MapGet("/api/runs/{key}/events", Stream);
        app.MapGet("/api/traffic/{arch}", Traffic);
        return app;
    }

    /// <summary>A run key as drivers make them: the architecture, a GUID and, on a cluster, the two silos of Edda's copies.</summary>
    private const int MaxKeyLength = 300;

    /// <summary>
    /// Per service: requests delivered, requests failed, nanoservices alive, the sampled delivery latency's and the response
    /// time's histogram buckets (LatencyHistogram's: 100 ns × 1.02^i); per edge (service in a zone → dependency service in
    /// a zone, zones as "region.zone"): requests sent and failed; per service pair ("dependencies"): the same added up
    /// over the zones, with the response time the callers saw (buckets per zone pair would make the answer tens of times
    /// larger for figures the page shows per service). Summed over every process of the cluster: a silo's viewer
    /// shows the whole run's traffic.
    /// </summary>
    private static async Task<IResult> Traffic(string arch, IClusterClient client)
    {
        if (Names.NanoName.CheckPart(arch, allowAny: false) is { } problem) return Results.BadRequest($"architecture name {problem}");
        var counts = SiloTelemetries.CountsAsync(client, arch);
        var edges = await SiloTelemetries.EdgesAsync(client, arch);
        return Results.Json(new
        {
            services = (await counts).Select(s => new
            {
                service = s.Service,
                package = s.Package,
                requests = s.ByImposition[(int)Gotocol.Imposition.GetRequest] + s.ByImposition[(int)Gotocol.Imposition.Put],
                alive = s.Alive,
                failed = s.Failed,
                latency = s.LatencyBuckets,
                response = s.ResponseBuckets ?? [],
            }),
            edges = edges.Select(e => new
            {
                service = e.Service, zone = e.Zone, dependency = e.Dependency, dependencyZone = e.DependencyZone, requests = e.Requests, failed = e.Failed,
            }),
            dependencies = SiloTelemetries.Merge(edges, byZone: false).Select(e => new
            {
                service = e.Service, dependency = e.Dependency, requests = e.Requests, failed = e.Failed, response = e.ResponseBuckets,
            }),
        });
    }

    /// <summary>Every entry of one run's Edda, from the first, then new ones as they are recorded, until the page leaves.</summary>
    private static async Task<IResult> Stream(string key, HttpContext context, IClusterClient client, IHostApplicationLifetime lifetime)
    {
        // Only a run the index lists is streamed: a made-up key must not activate an Edda grain (or two).
        if (key.Length > MaxKeyLength || key.Any(char.IsControl)) return Results.BadRequest("not a run key");
        if (!(await client.GetGrain<IEddaIndex>(0).List()).Any(r => r.Key == key)) return Results.NotFound();
        return TypedResults.ServerSentEvents(Batches(client.GetEdda(key), context.RequestAborted, lifetime.ApplicationStopping));
    }

    /// <summary>
    /// Edda's entries as JSON arrays, at most a page each, polled every <see cref="Poll"/>. The page leaving or the host
    /// stopping ends the stream: an open page must not hold up the end of a run.
    /// </summary>
    private static async IAsyncEnumerable<SseItem<string>> Batches(IEdda edda, CancellationToken aborted, [EnumeratorCancellation] CancellationToken stopping)
    {
        using var ending = CancellationTokenSource.CreateLinkedTokenSource(aborted, stopping);
        // An event the page does not listen for, so the stream opens at once even while Edda is still empty.
        yield return new SseItem<string>("", "ready");
        var sent = 0;
        while (!ending.IsCancellationRequested)
        {
            var entries = await edda.Read(sent, Page);
            if (entries.Length > 0)
            {
                sent += entries.Length;
                yield return new SseItem<string>(JsonSerializer.Serialize(entries.Select(ViewerEntry.From), ViewerJson.Options));
                if (entries.Length == Page) continue;
            }
            if (!await Pause(ending.Token)) yield break;
        }
    }

    /// <summary>Waits one poll interval; false when the stream is ending instead.</summary>
    private static async Task<bool> Pause(CancellationToken ending)
    {
        try
        {
            await Task.Delay(Poll, ending);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
