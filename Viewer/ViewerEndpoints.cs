using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Spigo.Edda;
using Spigo.Runs;

namespace Spigo.Viewer;

/// <summary>
/// The viewer's HTTP side: the page and its assets, the list of runs, a Server-Sent Events stream of each run's
/// Edda entries, and the run's counters (per service and per edge between services) for the traffic drawn along edges and the side panel.
/// </summary>
public static class ViewerEndpoints
{
    /// <summary>The page's files: the embedded wwwroot, served by ASP.NET Core's static files from the build's manifest.</summary>
    private static readonly ManifestEmbeddedFileProvider Files = new(typeof(ViewerEndpoints).Assembly, "wwwroot");

    public static WebApplication MapSpigoViewer(this WebApplication app)
    {
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = Files });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = Files });
        app.MapGet("/api/runs", async (IClusterClient client) =>
            Results.Json((await client.GetGrain<IEddaIndex>(0).List()).Select(r => new { key = r.Key, arch = r.Arch, started = r.Started })));
        var streams = new EventStreams(app.Services.GetRequiredService<IClusterClient>(), app.Lifetime);
        app.MapGet("/api/runs/{key}/events", (string key, HttpContext context) => streams.Serve(key, context));
        app.MapGet("/api/traffic/{arch}", Traffic);
        return app;
    }

    /// <summary>
    /// Per service: requests delivered, requests failed, nanoservices alive, the sampled delivery latency's and the response
    /// time's histogram buckets (LatencyHistogram's: 100 ns × 1.02^i), and for a service with a capacity its workers,
    /// requests waiting and refused, and busy worker-seconds over worker-seconds (a utilization between two polls); per edge (service in a zone → dependency service in
    /// a zone, zones as "region.zone"): requests sent and failed; per service pair ("dependencies"): the same added up
    /// over the zones, with the response time the callers saw (buckets per zone pair would make the answer tens of times
    /// larger for figures the page shows per service). Summed over every process of the cluster: a silo's viewer
    /// shows the whole run's traffic.
    /// </summary>
    private static async Task<IResult> Traffic(string arch, IClusterClient client)
    {
        if (Names.NanoName.CheckPart(arch, allowAny: false) is { } problem) return Results.BadRequest($"architecture name {problem}");
        var counts = SiloTelemetries.CountsAsync(client, arch);
        var workers = SiloTelemetries.WorkersAsync(client, arch);
        var edges = await SiloTelemetries.EdgesAsync(client, arch);
        var byService = (await workers).GroupBy(w => w.Service).ToDictionary(g => g.Key, g => g.ToList());
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
                workers = byService.TryGetValue(s.Service, out var w) ? w.Sum(z => z.Workers) : 0,
                waiting = w?.Sum(z => z.Waiting) ?? 0,
                refused = w?.Sum(z => z.Refused) ?? 0,
                busySeconds = w?.Sum(z => z.BusySeconds) ?? 0,
                workerSeconds = w?.Sum(z => z.WorkerSeconds) ?? 0,
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
}
