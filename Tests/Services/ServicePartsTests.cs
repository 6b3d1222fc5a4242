using Spigo.Gotocol;
using Spigo.Grains.Services;
using Spigo.Names;

namespace Spigo.Tests.Services;

/// <summary>The parts a service grain is made of, on their own: what they know, choose and forget.</summary>
public class ServicePartsTests
{
    private static NanoName Name(string zone, string service, int i) => NanoName.Parse($"shop.us-east-1.{zone}.{service}.karyon.{service}{i}");

    /// <summary>A listener nobody calls: the parts only keep and hand on references.</summary>
    private sealed class Nobody : IGotocolListener
    {
        public Task Listen(GotocolMessage message) => Task.CompletedTask;
    }

    [Fact]
    public void TheDirectoryLearnsOnlyWhatItDependsOnAndPrefersItsZone()
    {
        var rolls = new Queue<int>();
        var directory = new DependencyDirectory(max => rolls.Count > 0 ? rolls.Dequeue() % max : 0);
        directory.Place(Name("zoneA", "web", 0));
        directory.Want("app");
        directory.Want("app");
        Assert.Equal(["app"], directory.Wanted);

        Assert.False(directory.Learn(Name("zoneA", "db", 0), Name("zoneA", "db", 0).ToString(), new Nobody()));
        foreach (var (zone, i) in new[] { ("zoneA", 0), ("zoneB", 1), ("zoneC", 2), ("zoneA", 3) })
        {
            Assert.True(directory.Learn(Name(zone, "app", i), Name(zone, "app", i).ToString(), new Nobody()));
        }
        Assert.False(directory.Learn(Name("zoneB", "app", 1), Name("zoneB", "app", 1).ToString(), new Nobody()));
        Assert.Equal(4, directory.InstancesOf("app").Count);

        // In its zone: only zoneA's two are ever chosen, whatever the dice say.
        for (var roll = 0; roll < 8; roll++)
        {
            rolls.Enqueue(roll);
            Assert.Equal("zoneA", directory.ChooseInstance("app", inZone: true)!.Name.Zone);
        }
        // Shunning every local one falls back to the others.
        var chosen = directory.ChooseInstance("app", inZone: true, name => name.Contains("zoneA", StringComparison.Ordinal), avoid: null);
        Assert.NotEqual("zoneA", chosen!.Name.Zone);

        Assert.True(directory.Forget(Name("zoneA", "app", 0), Name("zoneA", "app", 0).ToString()));
        Assert.False(directory.Forget(Name("zoneA", "app", 0), Name("zoneA", "app", 0).ToString()));
        Assert.Equal(3, directory.InstancesOf("app").Count);
        Assert.Equal("app", directory.ChooseService());
        Assert.Null(new DependencyDirectory(_ => 0).ChooseService());
    }

    [Fact]
    public void PendingRequestsExpireWithoutAPoll()
    {
        // A node without a poll interval (never told to Chat) sweeps as requests are added.
        var pending = new PendingRequests();
        var start = new DateTime(2026, 12, 7, 0, 0, 0, DateTimeKind.Utc);
        pending.Add(1, new PendingRequest(new Nobody(), default, start));
        pending.Add(2, new PendingRequest(new Nobody(), default, start + TimeSpan.FromSeconds(10)));
        Assert.Equal(2, pending.Count);
        pending.Add(3, new PendingRequest(new Nobody(), default, start + PendingRequests.Lifetime + TimeSpan.FromSeconds(1)));
        Assert.Equal(2, pending.Count);
        Assert.False(pending.TryGet(1, out _));
        Assert.True(pending.Remove(2, out var second));
        Assert.Equal(start + TimeSpan.FromSeconds(10), second.Since);
        pending.Sweep(start + TimeSpan.FromHours(1));
        Assert.Equal(0, pending.Count);
    }
}
