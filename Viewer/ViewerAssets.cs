using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;

namespace Spigo.Viewer;

/// <summary>The page, its script and style, and D3, embedded in this assembly at build time.</summary>
public static class ViewerAssets
{
    private static readonly ConcurrentDictionary<string, byte[]> Cache = new(StringComparer.Ordinal);

    /// <summary>The asset's bytes, or null. Only assets that exist are cached: any name can be asked for over HTTP.</summary>
    public static byte[]? Read(string path)
    {
        if (Cache.TryGetValue(path, out var cached)) return cached;
        using var stream = typeof(ViewerAssets).Assembly.GetManifestResourceStream("viewer/" + path);
        if (stream is null) return null;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return Cache.GetOrAdd(path, copy.ToArray());
    }

    public static IResult Result(string path)
    {
        var bytes = Read(path);
        if (bytes is null) return Results.NotFound();
        var type = Path.GetExtension(path) switch
        {
            ".html" => "text/html; charset=utf-8",
            ".js" => "text/javascript; charset=utf-8",
            ".css" => "text/css; charset=utf-8",
            _ => "application/octet-stream",
        };
        return Results.Bytes(bytes, type);
    }
}
