using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Hosting;
using Spigo.Grains.Hosting;

// A standalone silo on this machine's loopback, serving Prometheus /metrics beside it:
//   spigo-silo [siloPort] [gatewayPort] [metricsPort]      (defaults 11111 30000 8124)
// Several silos with real membership come with the scale-out work (see deploy/README.md).
var siloPort = args.Length > 0 && int.TryParse(args[0], out var s) ? s : 11111;
var gatewayPort = args.Length > 1 && int.TryParse(args[1], out var g) ? g : 30000;
var metricsPort = args.Length > 2 && int.TryParse(args[2], out var m) ? m : 8124;

var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
builder.WebHost.UseUrls($"http://127.0.0.1:{metricsPort}");
builder.Services.AddSpigoMetrics();
builder.UseOrleans(silo =>
{
    silo.UseLocalhostClustering(siloPort, gatewayPort, serviceId: "spigo", clusterId: "spigo");
    silo.AddSpigo();
});
var app = builder.Build();
app.MapSpigoMetrics();
await app.RunAsync();
