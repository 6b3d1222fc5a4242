using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;
using Spigo.Edda;
using Spigo.Grains.Hosting;

namespace Spigo.Viewer;

/// <summary>
/// The viewer's HTTP side: the page and its assets, the list of runs, a Server-Sent Events stream of each run's
/// Edda entries, and per-service message counts for the traffic drawn along edges.
/// </summary>
public static class ViewerEndpoints
{
    /// <summary>How often the stream asks Edda for new entries, and how many it sends at most per event.</summary>
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);
    private const int Page = 5000;

    public static IEndpointRouteBuilder MapSpigoViewer(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", () => ViewerAssets.Result("index.html"));
        app.MapGet("/{file}", (string file) => ViewerAssets.Result(file));
        app.MapGet("/lib/{file}", (string file) => ViewerAssets.Result("lib/" + file));
        app.MapGet("/api/runs", async (IClusterClient client) =>
            Results.Json((await client.GetGrain<IEddaIndex>(0).List()).Select(r => new { key = r.Key, arch = r.Arch, started = r.Started })));
        app.MapGet("/api/runs/{key}/events", Stream);
        app.MapGet("/api/traffic/{arch}", Traffic);
        return app;
    }

    /// <summary>A run key as drivers make them: the architecture, a GUID and, on a cluster, the two silos of Edda's copies.</summary>
    private const int MaxKeyLength = 300;

    /// <summary>Per-service request counts, summed over every process of the cluster: a silo's viewer shows the whole run's traffic.</summary>
    private static async Task<IResult> Traffic(string arch, IClusterClient client)
    {
        if (Names.NanoName.CheckPart(arch, allowAny: false) is { } problem) return Results.BadRequest($"architecture name {problem}");
        return Results.Json((await TelemetryProcesses.CountsAsync(client, arch)).Select(s => new
        {
            service = s.Service,
            package = s.Package,
            requests = s.ByImposition[(int)Gotocol.Imposition.GetRequest] + s.ByImposition[(int)Gotocol.Imposition.Put],
            alive = s.Alive,
        }));
    }

    /// <summary>Every entry of one run's Edda, from the first, then new ones as they are recorded, until the page leaves.</summary>
    private static async Task Stream(string key, HttpContext context, IClusterClient client, IHostApplicationLifetime lifetime)
    {
        // Only a run the index lists is streamed: a made-up key must not activate an Edda grain (or two).
        if (key.Length > MaxKeyLength || key.Any(char.IsControl))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }
        if (!(await client.GetGrain<IEddaIndex>(0).List()).Any(r => r.Key == key))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        var edda = client.GetEdda(key);
        context.Response.Headers.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        // The page leaving or the host stopping ends the stream: an open page must not hold up the end of a run.
        using var ending = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        var aborted = ending.Token;
        var sent = 0;
        try
        {
            await context.Response.WriteAsync(": spigo edda stream\n\n", aborted);
            await context.Response.Body.FlushAsync(aborted);
            while (!aborted.IsCancellationRequested)
            {
                var entries = await edda.Read(sent, Page);
                if (entries.Length > 0)
                {
                    sent += entries.Length;
                    await context.Response.WriteAsync("data: " + JsonSerializer.Serialize(entries.Select(ViewerEntry.From), ViewerJson.Options) + "\n\n", aborted);
                    await context.Response.Body.FlushAsync(aborted);
                    if (entries.Length == Page) continue;
                }
                await Task.Delay(Poll, aborted);
            }
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The page went away, or the run is over.
        }
    }
}
