using Spigo.Client.Architectures;
using Spigo.Tests.Cli;

namespace Spigo.Tests.Architectures;

/// <summary>The scenario files the repository ships: each reads, and plans with the flags its documentation runs it with.</summary>
public class ScenarioFileTests
{
    private static string Scenario(string file) => Path.Combine(AppContext.BaseDirectory, "scenarios", file);

    [Fact]
    public void TheZoneOutageAtPeakHasItsLoadItsFaultAndItsCapacities()
    {
        var definition = ArchitectureReader.Read(Scenario("zone-outage-at-peak.json"));
        Assert.Equal("700/s@0s,1400/s@10s,1400/s@60s", definition.Load!.ToString());
        var fault = Assert.Single(definition.Chaos!);
        Assert.Equal("gorilla", fault.Kind);
        Assert.Equal("us-east-1.zoneA", fault.Target);
        Assert.All(definition.Services.Where(s => s.Package == "karyon"), s => Assert.Equal("workers:1,queue:20", s.Capacity.ToString()));
    }

    [Theory]
    [InlineData("--autoscale", "homepage=target:60%,min:2,max:20,boot:10s,cooldown:30s")]
    [InlineData("--resilience", "wwwproxy=timeout:300ms,retries:3,budget:100%")]
    public async Task TheDocumentedRunsAreAccepted(string flag, string value)
    {
        // Too short for the fault: refused for that alone, after every other flag was taken.
        var outcome = await CliRunner.Run("-a", Scenario("zone-outage-at-peak.json"), "-d", "10", flag, value, "-o", TempDir.Create());
        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("the file's chaos gorilla:us-east-1.zoneA: at 15s, but the traffic lasts 10s", outcome.Err);
    }
}
