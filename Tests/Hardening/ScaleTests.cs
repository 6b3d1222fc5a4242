using Spigo.Grains.Services;
using Spigo.Names;
using Spigo.Tests.Cli;

namespace Spigo.Tests.Hardening;

/// <summary>Large services: learning instances keeps exact lists without scanning them; a big service runs.</summary>
[Collection(AloneCollection.Name)]
public class ScaleTests
{
    private static DependencyInstance Instance(int i) =>
        new(new NanoName("big", "us-east-1", Geography.Zones[i % 3], "app", "karyon", "app" + i), $"big.us-east-1.{Geography.Zones[i % 3]}.app.karyon.app{i}", null!);

    [Fact]
    public void OneHundredThousandInstancesAreLearnedAndForgottenExactly()
    {
        var known = new KnownInstances("us-east-1", "zoneB");
        for (var i = 0; i < 100_000; i++) Assert.True(known.Add(Instance(i)));
        Assert.False(known.Add(Instance(42)));
        var random = new Random(7);
        var forgotten = Enumerable.Range(0, 100_000).Where(_ => random.Next(2) == 0).ToHashSet();
        foreach (var i in forgotten) Assert.True(known.Remove(Instance(i).FullName));
        Assert.False(known.Remove(Instance(forgotten.First()).FullName));

        var left = Enumerable.Range(0, 100_000).Where(i => !forgotten.Contains(i)).Select(i => Instance(i).FullName).ToHashSet();
        Assert.Equal(left, known.All.Select(i => i.FullName).ToHashSet());
        Assert.Equal(left.Count, known.All.Count);
        Assert.Equal(left.Where(n => n.Contains(".zoneB.", StringComparison.Ordinal)).ToHashSet(), known.Local.Select(i => i.FullName).ToHashSet());
        Assert.Equal(known.Local.Count, known.Local.Select(i => i.FullName).Distinct().Count());
    }

    [Fact]
    public async Task AServiceOfFiveThousandInstancesRunsAndIsServed()
    {
        var file = Path.Combine(TempDir.Create(), "big.json");
        await File.WriteAllTextAsync(file, """
            { "arch": "big", "services": [
              { "name": "db", "package": "store", "count": 3, "regions": 1, "dependencies": [] },
              { "name": "app", "package": "karyon", "count": 5000, "regions": 1, "dependencies": ["db"] },
              { "name": "proxy", "package": "zuul", "count": 3, "regions": 1, "dependencies": ["app"] },
              { "name": "www", "package": "denominator", "count": 0, "regions": 0, "dependencies": ["proxy"] } ] }
            """);
        var outcome = await CliRunner.Run("-a", file, "-d", "2", "--seed", "1", "-o", TempDir.Create());
        Assert.Equal(0, outcome.ExitCode);
        Assert.Matches(@"^spigo: big complete: 5007 nanoservices, (\d+) requests \(\1 answered, 0 failed, 0 timed out\)", outcome.Out);
    }
}
