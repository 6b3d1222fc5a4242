using System.Text.RegularExpressions;
using Spigo.Silo;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace Spigo.Tests.ScaleOut;

/// <summary>The compose file and Kubernetes manifests parse, and their names, images, ports and probes agree.</summary>
public partial class DeployYamlTests
{
    private static string Deploy(string file) => Path.Combine(AppContext.BaseDirectory, "deploy", file);

    private static Dictionary<object, object> Map(object? node) => Assert.IsType<Dictionary<object, object>>(node);
    private static List<object> List(object? node) => Assert.IsType<List<object>>(node);
    private static object? At(object node, params string[] path)
    {
        foreach (var key in path) node = Map(node).TryGetValue(key, out var next) ? next : throw new KeyNotFoundException($"missing {key} in {string.Join('.', path)}");
        return node;
    }

    /// <summary>Every document of a YAML file; merge keys (&lt;&lt;: *anchor) resolved as compose resolves them.</summary>
    private static List<Dictionary<object, object>> Documents(string file)
    {
        var deserializer = new DeserializerBuilder().Build();
        var parser = new MergingParser(new Parser(new StringReader(File.ReadAllText(Deploy(file)))));
        parser.Consume<YamlDotNet.Core.Events.StreamStart>();
        var documents = new List<Dictionary<object, object>>();
        while (parser.Accept<YamlDotNet.Core.Events.DocumentStart>(out _))
        {
            documents.Add(Map(deserializer.Deserialize(parser)));
        }
        return documents;
    }

    private static int ExposedPort(string dockerfile, string variable) =>
        int.Parse(Regex.Match(File.ReadAllText(Deploy(dockerfile)), variable + @"=(\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void ComposeNamesOnlyServicesItDefinesAndPublishesOnLoopback()
    {
        var compose = Documents("docker-compose.yml").Single();
        var services = Map(compose["services"]);
        Assert.Equal(["prometheus", "redis", "silo1", "silo2", "silo3", "spigo"], services.Keys.Cast<string>().Order());
        foreach (var (name, service) in services)
        {
            if (Map(service).TryGetValue("depends_on", out var dependsOn))
            {
                var names = dependsOn is List<object> list ? list.Cast<string>() : Map(dependsOn).Keys.Cast<string>();
                Assert.All(names, d => Assert.True(services.ContainsKey(d), $"{name} depends on unknown service {d}"));
            }
            if (Map(service).TryGetValue("ports", out var ports))
            {
                Assert.All(List(ports).Cast<string>(), p => Assert.StartsWith("127.0.0.1:", p));
            }
            if (Map(service).TryGetValue("build", out var build))
            {
                var dockerfile = (string)At(build, "dockerfile")!;
                Assert.Equal("..", At(build, "context"));
                Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, dockerfile)), $"{name}: {dockerfile} does not exist");
            }
        }
    }

    [Fact]
    public void ComposeSilosAdvertiseThemselvesAndPrometheusScrapesEachOnTheDockerfilePort()
    {
        var services = Map(Documents("docker-compose.yml").Single()["services"]);
        var http = ExposedPort("docker/Dockerfile.silo", "SPIGO_HTTP_PORT");
        var gateway = ExposedPort("docker/Dockerfile.silo", "SPIGO_GATEWAY_PORT");
        var silos = services.Keys.Cast<string>().Where(n => n.StartsWith("silo", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, silos.Count);
        foreach (var silo in silos)
        {
            Assert.Equal("spigo-silo:latest", At(services[silo], "image"));
            Assert.Equal(silo, At(services[silo], "environment", "SPIGO_ADVERTISE"));
            Assert.Contains($"127.0.0.1/{http}", string.Join(' ', List(At(services[silo], "healthcheck", "test")).Cast<string>()));
            Assert.Contains(List(At(services[silo], "ports")).Cast<string>(), p => p.EndsWith($":{http}", StringComparison.Ordinal));
        }
        Assert.Contains($"127.0.0.1:{gateway}:{gateway}", List(At(services["silo1"], "ports")).Cast<string>());

        var prometheus = Documents("docker/prometheus.yml").Single();
        var job = Map(List(prometheus["scrape_configs"]).Single());
        Assert.Equal("/metrics", job["metrics_path"]);
        var targets = List(At(List(job["static_configs"]).Single(), "targets")).Cast<string>();
        Assert.Equal(silos.Select(s => $"{s}:{http}"), targets);
        Assert.Contains("./docker/prometheus.yml:/etc/prometheus/prometheus.yml:ro", List(At(services["prometheus"], "volumes")).Cast<string>());

        // The run uses the cluster through the compose service that holds the membership.
        var command = List(At(services["spigo"], "command")).Cast<string>().ToList();
        Assert.Equal("redis://redis:6379", command[command.IndexOf("--cluster") + 1]);
        Assert.Equal("spigo:latest", At(services["spigo"], "image"));
    }

    [Fact]
    public void KubernetesManifestsAgreeOnLabelsPortsProbesAndImages()
    {
        var kustomization = Documents("k8s/kustomization.yaml").Single();
        var files = List(kustomization["resources"]).Cast<string>().ToList();
        var documents = files.SelectMany(f => Documents("k8s/" + f)).ToList();
        Assert.All(documents, d =>
        {
            Assert.True(d.ContainsKey("apiVersion") && d.ContainsKey("kind"), "a manifest without apiVersion/kind");
            Assert.False(string.IsNullOrEmpty(At(d, "metadata", "name") as string));
        });
        Dictionary<object, object> Of(string kind, string name) =>
            documents.Single(d => (string)d["kind"] == kind && (string)At(d, "metadata", "name")! == name);

        var silo = Of("Deployment", "spigo-silo");
        var podLabels = Map(At(silo, "spec", "template", "metadata", "labels"));
        Assert.Equal("spigo", podLabels["orleans/serviceId"]);
        Assert.Equal("spigo", podLabels["orleans/clusterId"]);
        Assert.All(Map(At(silo, "spec", "selector", "matchLabels")), l => Assert.Equal(l.Value, podLabels[l.Key]));
        var container = Map(List(At(silo, "spec", "template", "spec", "containers")).Single());
        Assert.Equal("spigo-silo:latest", container["image"]);
        var ports = List(container["ports"]).Select(Map).ToDictionary(p => (string)p["name"], p => int.Parse((string)p["containerPort"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(ExposedPort("docker/Dockerfile.silo", "SPIGO_SILO_PORT"), ports["silo"]);
        Assert.Equal(ExposedPort("docker/Dockerfile.silo", "SPIGO_GATEWAY_PORT"), ports["gateway"]);
        Assert.Equal(ExposedPort("docker/Dockerfile.silo", "SPIGO_HTTP_PORT"), ports["http"]);
        var env = List(container["env"]).Select(Map).ToDictionary(e => (string)e["name"]);
        Assert.Equal("status.podIP", At(env["SPIGO_ADVERTISE"], "valueFrom", "fieldRef", "fieldPath"));
        Assert.Equal("metadata.name", At(env["POD_NAME"], "valueFrom", "fieldRef", "fieldPath"));
        Assert.Equal("redis", env["SPIGO_CLUSTERING"]["value"]);
        var redisService = Of("Service", "redis");
        var redisPort = Map(List(At(redisService, "spec", "ports")).Single())["port"];
        Assert.Equal($"redis:{redisPort}", env["SPIGO_REDIS"]["value"]);

        // Probes ask the endpoints the silo serves, on the port it serves them on.
        Assert.Equal(SiloHost.LivePath, At(container, "livenessProbe", "httpGet", "path"));
        Assert.Equal(SiloHost.ReadyPath, At(container, "readinessProbe", "httpGet", "path"));
        Assert.Equal("http", At(container, "livenessProbe", "httpGet", "port"));
        Assert.Equal("http", At(container, "readinessProbe", "httpGet", "port"));
        var annotations = Map(At(silo, "spec", "template", "metadata", "annotations"));
        Assert.Equal("true", annotations["prometheus.io/scrape"]);
        Assert.Equal(ports["http"].ToString(System.Globalization.CultureInfo.InvariantCulture), annotations["prometheus.io/port"]);
        Assert.Equal("/metrics", annotations["prometheus.io/path"]);

        // The gateway Service and the PodDisruptionBudget select the silo pods; the Service targets a named port.
        var gateway = Of("Service", "spigo-gateway");
        Assert.All(Map(At(gateway, "spec", "selector")), l => Assert.Equal(l.Value, podLabels[l.Key]));
        Assert.All(List(At(gateway, "spec", "ports")).Select(Map), p => Assert.True(ports.ContainsKey((string)p["targetPort"])));
        var pdb = Of("PodDisruptionBudget", "spigo-silo");
        Assert.Equal("policy/v1", pdb["apiVersion"]);
        Assert.All(Map(At(pdb, "spec", "selector", "matchLabels")), l => Assert.Equal(l.Value, podLabels[l.Key]));
        Assert.True(int.Parse((string)At(pdb, "spec", "minAvailable")!, System.Globalization.CultureInfo.InvariantCulture)
            < int.Parse((string)At(silo, "spec", "replicas")!, System.Globalization.CultureInfo.InvariantCulture));

        // The redis Service selects the redis pods; the run reaches it by that Service's name.
        var redis = Of("Deployment", "redis");
        Assert.All(Map(At(redisService, "spec", "selector")), l => Assert.Equal(l.Value, Map(At(redis, "spec", "template", "metadata", "labels"))[l.Key]));
        var run = Of("Job", "spigo-run");
        var runContainer = Map(List(At(run, "spec", "template", "spec", "containers")).Single());
        Assert.Equal("spigo:latest", runContainer["image"]);
        var args = List(runContainer["args"]).Cast<string>().ToList();
        Assert.Equal($"redis://redis:{redisPort}", args[args.IndexOf("--cluster") + 1]);
    }
}
