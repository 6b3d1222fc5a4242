using System.Text.Json;
using Spigo.Tests.Cli;

namespace Spigo.Tests.Import;

/// <summary>spigo import on the deployment files of real demo applications: the services, edges, and a run of the result.</summary>
public sealed class ImportTests
{
    private static string Sample(string name) => Path.Combine(AppContext.BaseDirectory, "import-samples", name);

    /// <summary>Each service as "package ×count: dependencies".</summary>
    private static Dictionary<string, string> Services(string file)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(file));
        Assert.Equal("arch-0.0", json.RootElement.GetProperty("version").GetString());
        return json.RootElement.GetProperty("services").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!, s =>
            $"{s.GetProperty("package").GetString()} ×{s.GetProperty("count").GetInt32()}: {string.Join(",", s.GetProperty("dependencies").EnumerateArray().Select(d => d.GetString()!).Order())}");
    }

    [Fact]
    public async Task OnlineBoutiqueImportsToTheServicesAndEdgesItsReadmeDrawsAndRunsThroughAZoneOutage()
    {
        var dir = TempDir.Create();
        var arch = Path.Combine(dir, "boutique.json");
        var outcome = await CliRunner.Run("import", "k8s", Sample("online-boutique-kubernetes-manifests.yaml"), "-o", arch);
        Assert.Equal(0, outcome.ExitCode);
        var services = Services(arch);
        // The ten services and the cart's Redis; the load generator is the Denominator, an ELB in front of the frontend.
        Assert.Equal(["adservice", "cartservice", "checkoutservice", "currencyservice", "emailservice", "frontend", "frontend-elb", "loadgenerator",
            "paymentservice", "productcatalogservice", "recommendationservice", "redis-cart", "shippingservice"], services.Keys.Order());
        Assert.Equal("karyon ×1: adservice,cartservice,checkoutservice,currencyservice,productcatalogservice,recommendationservice,shippingservice", services["frontend"]);
        Assert.Equal("karyon ×1: cartservice,currencyservice,emailservice,paymentservice,productcatalogservice,shippingservice", services["checkoutservice"]);
        Assert.Equal("karyon ×1: productcatalogservice", services["recommendationservice"]);
        Assert.Equal("staash ×1: redis-cart", services["cartservice"]);
        Assert.Equal("cache ×1: ", services["redis-cart"]);
        Assert.Equal("elb ×0: frontend", services["frontend-elb"]);
        Assert.Equal("denominator ×0: frontend-elb", services["loadgenerator"]);
        Assert.All(new[] { "adservice", "currencyservice", "emailservice", "paymentservice", "productcatalogservice", "shippingservice" },
            leaf => Assert.Equal("karyon ×1: ", services[leaf]));
        // The assistant the frontend can call is not deployed by these manifests: listed, not invented.
        Assert.Contains("not resolved: frontend: SHOPPING_ASSISTANT_SERVICE_ADDR=shoppingassistantservice:80 names shoppingassistantservice", outcome.Err, StringComparison.Ordinal);

        var run = await CliRunner.Run("-a", arch, "-p", "300", "-d", "6", "--seed", "3", "-u", "200ms", "--verify", "--chaos", "gorilla:us-east-1.zoneA@2s+2s", "-o", dir);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("spigo: boutique complete: 35 nanoservices", run.Out, StringComparison.Ordinal);
        Assert.Contains("--chaos stopped 12 nanoservices (12 came back)", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SockShopsComposeFileImportsWithTheDependenciesGivenOnTheCommandLine()
    {
        var dir = TempDir.Create();
        var arch = Path.Combine(dir, "socks.json");
        var bare = await CliRunner.Run("import", "compose", Sample("sock-shop-docker-compose.yml"), "-o", arch);
        Assert.Equal(0, bare.ExitCode);
        // Its images carry their dependencies: the file says only what the user simulator targets and the user's database.
        var services = Services(arch);
        Assert.Equal("denominator ×0: edge-router-elb", services["user-sim"]);
        Assert.Equal("staash ×1: user-db", services["user"]);
        Assert.Equal(["carts-db", "catalogue-db", "orders-db", "rabbitmq", "user-db"], services.Where(s => s.Value.StartsWith("store", StringComparison.Ordinal)).Select(s => s.Key).Order());
        Assert.Contains("note: front-end is reached from no entry (nothing the files say calls it); add a dependency with --depends", bare.Err, StringComparison.Ordinal);

        var given = await CliRunner.Run("import", "compose", Sample("sock-shop-docker-compose.yml"), "-o", arch, "--depends", "edge-router=front-end",
            "--depends", "front-end=catalogue,carts,orders,user", "--depends", "orders=carts,user,payment,shipping,orders-db",
            "--depends", "catalogue=catalogue-db", "--depends", "carts=carts-db", "--depends", "shipping=rabbitmq");
        Assert.Equal(0, given.ExitCode);
        services = Services(arch);
        Assert.Equal("karyon ×1: carts,catalogue,orders,user", services["front-end"]);
        Assert.Equal("staash ×1: carts-db", services["carts"]);
        Assert.Contains("front-end karyon ×1 [weaveworksdemos/front-end:0.3.12] → catalogue (--depends)", given.Err, StringComparison.Ordinal);

        var run = await CliRunner.Run("-a", arch, "-p", "300", "-d", "4", "--seed", "2", "-u", "200ms", "-o", dir);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("spigo: socks complete:", run.Out, StringComparison.Ordinal);
        Assert.Contains("0 failed", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutAnOutputFileTheArchitectureGoesToStandardOutput()
    {
        var outcome = await CliRunner.Run("import", "k8s", Sample("online-boutique-kubernetes-manifests.yaml"));
        Assert.Equal(0, outcome.ExitCode);
        using var json = JsonDocument.Parse(outcome.Out);
        Assert.Equal("imported", json.RootElement.GetProperty("arch").GetString());
        Assert.Equal("", json.RootElement.GetProperty("victim").GetString());
    }
}
