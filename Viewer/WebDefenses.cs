using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Spigo.Viewer;

/// <summary>
/// What every spigo HTTP side (spigo's /metrics and viewer, spigo-silo's) does before a request reaches an endpoint:
/// the Host header must name this machine as its user knows it (loopback names by default), so a web page cannot
/// reach the endpoints by DNS rebinding; and responses say how browsers may use them (no sniffing, no framing, only
/// this origin's scripts and styles).
/// </summary>
public static class WebDefenses
{
    /// <summary>The names a browser on this machine uses for a loopback address.</summary>
    public static readonly IReadOnlyList<string> LoopbackHosts = ["localhost", "127.0.0.1", "[::1]"];

    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

    /// <summary>Host filtering for these names (a "*" among them turns it off); requests without a Host (HTTP/1.0 probes) pass.</summary>
    public static IServiceCollection AddSpigoWebDefenses(this IServiceCollection services, IEnumerable<string> allowedHosts) =>
        services.AddHostFiltering(o =>
        {
            o.AllowedHosts = [.. allowedHosts.Distinct(StringComparer.OrdinalIgnoreCase)];
            o.AllowEmptyHosts = true;
            o.IncludeFailureMessage = false;
        });

    public static IApplicationBuilder UseSpigoWebDefenses(this IApplicationBuilder app)
    {
        app.UseHostFiltering();
        return app.Use((context, next) =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers["Referrer-Policy"] = "no-referrer";
            return next(context);
        });
    }
}
