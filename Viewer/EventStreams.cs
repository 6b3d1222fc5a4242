using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Spigo.Edda;

namespace Spigo.Viewer;

/// <summary>
/// The Server-Sent Events streams of runs' Edda entries, bounded whatever the clients do: at most
/// <see cref="MaxOpen"/> at once (more are told 503), a client that does not take a batch within
/// <see cref="WriteTimeout"/> is disconnected (so a stuck reader holds one batch, not a growing backlog), and every
/// stream is cut when the host stops, so none holds up the end of a run.
/// </summary>
public sealed class EventStreams(IClusterClient client, IHostApplicationLifetime lifetime)
{
    public const int MaxOpen = 64;

    /// <summary>A run key as drivers make them: the architecture, a GUID and, on a cluster, the two silos of Edda's copies.</summary>
    private const int MaxKeyLength = 300;

    /// <summary>How often the stream asks Edda for new entries, and how many it sends at most per event.</summary>
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);
    private const int Page = 1000;

    private static readonly TimeSpan WriteTimeout = TimeSpan.FromSeconds(10);

    private int _open;

    /// <summary>Every entry of one run's Edda, from the first, then new ones as they are recorded, until the page leaves.</summary>
    public async Task Serve(string key, HttpContext context)
    {
        var response = context.Response;
        if (!IsRunKey(key))
        {
            await Refuse(response, StatusCodes.Status400BadRequest, "not a run key");
            return;
        }
        // Only a run the index lists is streamed: a made-up key must not activate an Edda grain (or two).
        if (!(await client.GetGrain<IEddaIndex>(0).List()).Any(r => r.Key == key))
        {
            await Refuse(response, StatusCodes.Status404NotFound, "no such run");
            return;
        }
        if (Interlocked.Increment(ref _open) > MaxOpen)
        {
            Interlocked.Decrement(ref _open);
            response.Headers.RetryAfter = "5";
            await Refuse(response, StatusCodes.Status503ServiceUnavailable, $"{MaxOpen} streams are open already");
            return;
        }
        try
        {
            using var stopping = lifetime.ApplicationStopping.Register(context.Abort);
            response.ContentType = "text/event-stream";
            response.Headers.CacheControl = "no-cache";
            await foreach (var batch in Batches(client.GetEdda(key), context.RequestAborted))
            {
                using var write = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
                write.CancelAfter(WriteTimeout);
                try
                {
                    await SseFormatter.WriteAsync(One(batch), response.Body, write.Token);
                    await response.Body.FlushAsync(write.Token);
                }
                catch (OperationCanceledException)
                {
                    context.Abort();
                    return;
                }
            }
        }
        finally
        {
            Interlocked.Decrement(ref _open);
        }
    }

    private static bool IsRunKey(string key) =>
        key.Length is > 0 and <= MaxKeyLength && !key.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || char.IsSurrogate(c) || c == '\ufffd');

    private static Task Refuse(HttpResponse response, int status, string why)
    {
        response.StatusCode = status;
        return response.WriteAsync(why);
    }

    /// <summary>Edda's entries as JSON arrays, at most a page each, polled every <see cref="Poll"/>, until the page leaves.</summary>
    private static async IAsyncEnumerable<SseItem<string>> Batches(IEdda edda, [EnumeratorCancellation] CancellationToken aborted)
    {
        // An event the page does not listen for, so the stream opens at once even while Edda is still empty.
        yield return new SseItem<string>("", "ready");
        var sent = 0;
        while (!aborted.IsCancellationRequested)
        {
            var entries = await edda.Read(sent, Page);
            if (entries.Length > 0)
            {
                sent += entries.Length;
                yield return new SseItem<string>(JsonSerializer.Serialize(entries.Select(ViewerEntry.From), ViewerJson.Options));
                if (entries.Length == Page) continue;
            }
            if (!await Pause(aborted)) yield break;
        }
    }

#pragma warning disable CS1998 // one item, written with the formatter's own framing
    private static async IAsyncEnumerable<SseItem<string>> One(SseItem<string> item)
    {
        yield return item;
    }
#pragma warning restore CS1998

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
