using Spigo.Tests.Cli;

namespace Spigo.Tests.Import;

/// <summary>Files that are not deployment files, or describe what cannot run: one line naming the file, position and problem, exit 2, nothing written.</summary>
public sealed class ImportBadInputTests
{
    private const string Deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: NAME}
        spec:
          template:
            metadata: {labels: {app: NAME}}
            spec:
              containers:
              - name: main
                image: example/NAME
                env:
                - {name: PEER_ADDR, value: "NEXT:80"}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: NAME}
        spec: {selector: {app: NAME}}
        ---

        """;

    private static string Pair(string name, string next) => Deployment.Replace("NAME", name, StringComparison.Ordinal).Replace("NEXT", next, StringComparison.Ordinal);

    [Theory]
    [InlineData("k8s", "{\"a\": 1}", "x.yaml:1:1: not a Kubernetes manifest (no apiVersion and kind)")]
    [InlineData("k8s", "hello, I am a text file", "x.yaml:1:1: not a Kubernetes manifest")]
    [InlineData("k8s", "apiVersion: v1\nkind: Service\nmetadata: {name: ghost\n", "x.yaml:4:1: not valid YAML")]
    [InlineData("k8s", "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: x}]}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: ghost}\nspec: {selector: {app: ghost}}\n", "x.yaml:6:1: Service ghost selects no workload of the files (app=ghost)")]
    [InlineData("k8s", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: a}\nspec: {replicas: many, template: {}}\n", "x.yaml:4:18: spec.replicas \"many\" is not a whole number")]
    [InlineData("k8s", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n", "import: no Deployment, StatefulSet, DaemonSet, ReplicaSet or Pod in the files")]
    [InlineData("compose", "services:\n  a:\n    image: x\n    depends_on: [b]\n", "x.yaml:3:5: a: depends_on names \"b\", which is not a service of the files")]
    [InlineData("compose", "version: '3'\n", "x.yaml:1:1: not a Compose file (no \"services\" mapping)")]
    public async Task AFileThatIsNotADeploymentFileIsOneLine(string format, string text, string says)
    {
        var (outcome, dir) = await Import(format, text);
        AssertRefused(outcome, dir, says);
    }

    [Fact]
    public async Task AServiceNamingItselfAndALoopOfServicesAreRefused()
    {
        var (self, dir) = await Import("k8s", Pair("a", "a"));
        AssertRefused(self, dir, "x.yaml:9:9: a names itself as its own dependency (PEER_ADDR=a:80)");
        var (loop, dir2) = await Import("k8s", Pair("a", "b") + Pair("b", "c") + Pair("c", "a"));
        AssertRefused(loop, dir2, "import: a → b → c → a: a loop of services that pass requests on never answers; the files say a→b by PEER_ADDR=b:80, b→c by PEER_ADDR=c:80, c→a by PEER_ADDR=a:80");
    }

    [Fact]
    public async Task AnchorsThatWouldExpandWithoutBoundCostWhatTheirTextDoes()
    {
        // Nine levels of ten aliases: expanded, a billion strings; read as references, a few hundred nodes.
        var laughs = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: lol}\nspec:\n  template:\n    spec:\n      containers:\n      - name: c\n        image: x\n        args: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
        for (var i = 1; i <= 9; i++) laughs += $"        x{i}: &l{i} [{string.Join(", ", Enumerable.Repeat($"*l{i - 1}", 10))}]\n";
        laughs += "        env: *l9\n";
        var (outcome, dir) = await Import("k8s", laughs);
        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains("\"name\": \"lol\"", File.ReadAllText(Path.Combine(dir, "out.json")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFileTooLargeIsRefusedUnread()
    {
        var dir = TempDir.Create();
        var file = Path.Combine(dir, "huge.yaml");
        using (var stream = File.Create(file)) stream.SetLength(2L << 30);
        var outcome = await CliRunner.Run("import", "k8s", file, "-o", Path.Combine(dir, "out.json"));
        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal($"spigo import: {file}: larger than 16 MB, the limit for this kind of file", outcome.Err.TrimEnd());
        Assert.False(File.Exists(Path.Combine(dir, "out.json")));
    }

    [Theory]
    [InlineData("--depends", "a=nosuch", "--depends: no workload \"nosuch\" in the files")]
    [InlineData("--depends", "a", "--depends a: expected SERVICE=DEPENDENCY,DEPENDENCY")]
    [InlineData("--entry", "bee", "--entry: no workload \"bee\" in the files; did you mean \"b\"?")]
    public async Task FlagsNamingWhatTheFilesDoNotHaveAreOneLine(string flag, string value, string says)
    {
        var (outcome, dir) = await Import("k8s", Pair("a", "b") + Pair("b", "z"), flag, value);
        AssertRefused(outcome, dir, says);
    }

    [Fact]
    public async Task HelpHasExamplesAndMissingFilesAreOneLine()
    {
        var help = await CliRunner.Run("import", "--help");
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("spigo import k8s release/kubernetes-manifests.yaml -o boutique.json", help.Out, StringComparison.Ordinal);
        var missing = await CliRunner.Run("import", "k8s", "/nonexistent/manifests.yaml");
        Assert.Equal((2, "spigo import: /nonexistent/manifests.yaml: file not found"), (missing.ExitCode, missing.Err.TrimEnd()));
        var none = await CliRunner.Run("import", "k8s");
        Assert.Equal(2, none.ExitCode);
        Assert.StartsWith("spigo import: ", none.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownFormatIsOneLine()
    {
        var (outcome, dir) = await Import("swarm", Pair("a", "b"));
        AssertRefused(outcome, dir, "import swarm: expected traces, k8s or compose");
    }

    private static async Task<(CliRunner.Outcome, string Dir)> Import(string format, string text, params string[] flags)
    {
        var dir = TempDir.Create();
        File.WriteAllText(Path.Combine(dir, "x.yaml"), text);
        return (await CliRunner.Run(["import", format, Path.Combine(dir, "x.yaml"), "-o", Path.Combine(dir, "out.json"), .. flags]), dir);
    }

    private static void AssertRefused(CliRunner.Outcome outcome, string dir, string says)
    {
        Assert.Equal(2, outcome.ExitCode);
        var line = outcome.Err.TrimEnd();
        Assert.DoesNotContain('\n', line);
        Assert.Contains(says.Replace("x.yaml", Path.Combine(dir, "x.yaml"), StringComparison.Ordinal), line, StringComparison.Ordinal);
        Assert.StartsWith("spigo import: ", line, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(dir, "out.json")));
    }
}
