using Microsoft.Extensions.Hosting;
using Spigo.Grains.Hosting;

// A standalone silo on this machine's loopback: `spigo-silo [siloPort] [gatewayPort]`.
// Several silos and real membership come with the scale-out work (see deploy/README.md).
var siloPort = args.Length > 0 && int.TryParse(args[0], out var s) ? s : 11111;
var gatewayPort = args.Length > 1 && int.TryParse(args[1], out var g) ? g : 30000;

var builder = Host.CreateApplicationBuilder(args);
builder.UseOrleans(silo =>
{
    silo.UseLocalhostClustering(siloPort, gatewayPort, serviceId: "spigo", clusterId: "spigo");
    silo.AddSpigo();
});
await builder.Build().RunAsync();
