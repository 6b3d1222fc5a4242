using System.Net;
using Spigo.Tests.Cluster;
using Spigo.Tests.Viewer;

namespace Spigo.Tests.Hardening;

/// <summary>The HTTP side is safe to leave running: no request creates a grain or state, and browsers are told the rules.</summary>
[Collection(ClusterCollection.Name)]
public class HttpSurfaceTests(ClusterFixture fixture)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    private async Task<int> EddaActivations()
    {
        var stats = await fixture.Client.GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics();
        return stats.Where(s => s.GrainType.Contains("edda", StringComparison.OrdinalIgnoreCase) && !s.GrainType.Contains("index", StringComparison.OrdinalIgnoreCase))
            .Sum(s => s.ActivationCount);
    }

    [Fact]
    public async Task UnknownRunKeysAre404AndActivateNothing()
    {
        await using var viewer = await ViewerHost.StartAsync(fixture.Client);
        var before = await EddaActivations();

        for (var i = 0; i < 200; i++)
        {
            using var response = await Http.GetAsync(new Uri(viewer.Url, $"api/runs/fsm-{Guid.NewGuid():N}/events"));
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        Assert.Equal(before, await EddaActivations());
    }

    [Theory]
    [InlineData("api/runs/%01bad/events")]
    [InlineData("api/runs/%20/events")]
    [InlineData("api/runs/a%20b/events")]
    [InlineData("api/traffic/a%7Cb")]
    [InlineData("api/traffic/*")]
    public async Task MalformedKeysAre400(string path)
    {
        await using var viewer = await ViewerHost.StartAsync(fixture.Client);
        using var response = await Http.GetAsync(new Uri(viewer.Url, path));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task AnOverlongKeyIs400()
    {
        await using var viewer = await ViewerHost.StartAsync(fixture.Client);
        using var response = await Http.GetAsync(new Uri(viewer.Url, $"api/runs/{new string('k', 1000)}/events"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("evil.example.com")]
    [InlineData("127.0.0.1.nip.io")]
    [InlineData("attacker.localhost.example")]
    public async Task AForeignHostHeaderIsRefused(string host)
    {
        await using var viewer = await ViewerHost.StartAsync(fixture.Client);
        foreach (var path in new[] { "", "api/runs", "js/main.js" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(viewer.Url, path));
            request.Headers.Host = $"{host}:{viewer.Url.Port}";
            using var response = await Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("127.0.0.1")]
    public async Task LoopbackNamesAreServedWithTheSecurityHeaders(string host)
    {
        await using var viewer = await ViewerHost.StartAsync(fixture.Client);
        using var request = new HttpRequestMessage(HttpMethod.Get, viewer.Url);
        request.Headers.Host = $"{host}:{viewer.Url.Port}";
        using var response = await Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.False(response.Headers.Contains("Server"), "the server does not name itself");
    }

    [Fact]
    public async Task OpenStreamsDoNotHoldUpTheEndOfARun()
    {
        var key = $"sse-{Guid.NewGuid():N}";
        await fixture.Client.GetGrain<Edda.IEddaIndex>(0).Add(new Edda.EddaRun(key, "sse", DateTime.UtcNow));
        await using var viewer = await ViewerHost.StartAsync(fixture.Client);
        var streams = new List<Stream>();
        for (var i = 0; i < 5; i++)
        {
            var response = await Http.GetAsync(new Uri(viewer.Url, $"api/runs/{key}/events"), HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            streams.Add(await response.Content.ReadAsStreamAsync());
        }

        // ASP.NET Core waits up to 30 s for requests to finish; ending the streams on stop makes that moot. The limit
        // here detects streams that stay open, it is not a timing measurement.
        await viewer.StopAsync().WaitAsync(TimeSpan.FromSeconds(15));

        foreach (var stream in streams) await stream.DisposeAsync();
    }

    [Fact]
    public async Task StreamsAreBoundedInNumber()
    {
        var key = $"many-{Guid.NewGuid():N}";
        await fixture.Client.GetGrain<Edda.IEddaIndex>(0).Add(new Edda.EddaRun(key, "many", DateTime.UtcNow));
        await using var viewer = await ViewerHost.StartAsync(fixture.Client);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 200 }) { Timeout = TimeSpan.FromSeconds(30) };
        var open = new List<HttpResponseMessage>();
        try
        {
            for (var i = 0; i < Spigo.Viewer.EventStreams.MaxOpen; i++)
            {
                var response = await http.GetAsync(new Uri(viewer.Url, $"api/runs/{key}/events"), HttpCompletionOption.ResponseHeadersRead);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                open.Add(response);
            }
            using var refused = await http.GetAsync(new Uri(viewer.Url, $"api/runs/{key}/events"), HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.NotNull(refused.Headers.RetryAfter);
            // A stream that closes makes room for another.
            open[0].Dispose();
            open.RemoveAt(0);
            await Eventually.Holds(async () =>
            {
                var again = await http.GetAsync(new Uri(viewer.Url, $"api/runs/{key}/events"), HttpCompletionOption.ResponseHeadersRead);
                if (again.StatusCode == HttpStatusCode.OK)
                {
                    open.Add(again);
                    return null;
                }
                again.Dispose();
                return $"a stream closed, and a new one is still {again.StatusCode}";
            });
        }
        finally
        {
            foreach (var response in open) response.Dispose();
        }
    }
}
