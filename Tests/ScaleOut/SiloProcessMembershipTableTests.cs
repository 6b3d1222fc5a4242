using System.Net;
using System.Text.Json.Nodes;
using StackExchange.Redis;

namespace Spigo.Tests.ScaleOut;

/// <summary>
/// A membership table in Redis edited by hand or damaged: one line and a defined outcome, never a hang.
/// </summary>
public sealed partial class SiloProcessTests
{
    /// <summary>The name of the damaged row.</summary>
    private const string Damaged = "S10.9.9.9:11111:1";

    private static async Task<(ConnectionMultiplexer Redis, string ClusterId, string Key)> MembershipTable()
    {
        var redis = Redis();
        if (redis is null) Assert.Skip("no Redis on 127.0.0.1:6379 and SPIGO_TEST_REDIS is not set (./test.sh)");
        var clusterId = "table-" + Guid.NewGuid().ToString("N")[..8];
        return (await ConnectionMultiplexer.ConnectAsync(redis), clusterId, $"spigo/members/{clusterId}");
    }

    [Theory]
    [InlineData(Damaged, "garbage{", $"has a row \"{Damaged}\" that is not a silo's entry (not JSON): garbage{{")]
    [InlineData(Damaged, "{\"Status\":3}",
        $"has a row \"{Damaged}\" that is not a silo's entry (no SiloAddress and Status): {{\"Status\":3}}")]
    [InlineData("Version", "two", "has a row \"Version\" that is not a version number: two")]
    [InlineData(null, "a string", "is a string, not the hash of membership rows")]
    public async Task ASiloStartedOnADamagedMembershipTableNamesWhatIsWrongAndExits(
        string? row, string value, string said)
    {
        var (redis, clusterId, key) = await MembershipTable();
        await using var _ = redis;
        var db = redis.GetDatabase();
        if (row is null) await db.StringSetAsync(key, value);
        else await db.HashSetAsync(key, [new("Version", "1"), new(row, value)]);
        var ports = FreePorts.Take(3);

        var silo = Start("spigo-silo.dll", ["--clustering", "redis", "--redis", Redis()!, "--cluster-id", clusterId,
            "--silo-port", $"{ports[0]}", "--gateway-port", $"{ports[1]}", "--http-port", $"{ports[2]}"]);

        // Well within --start-timeout (60 s), which is all the silo would otherwise have said.
        Assert.Equal(1, await silo.WaitAsync(TimeSpan.FromSeconds(30)));
        var lines = silo.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        var expected = $"spigo-silo: the membership table in redis {Redis()} (key {key}) {said}";
        Assert.Equal(expected, lines[0].Split("; ")[0]);
        Assert.EndsWith("; not joining", lines[0].Trim(), StringComparison.Ordinal);
        await db.KeyDeleteAsync(key);
    }

    [Fact]
    public async Task ARunningSilosTableEditedByHandIsReportedMendedAndObeyed()
    {
        var (redis, clusterId, key) = await MembershipTable();
        await using var _ = redis;
        var db = redis.GetDatabase();
        var ports = FreePorts.Take(4); // the fourth for a silo that does not exist
        var silo = Start("spigo-silo.dll", ["--clustering", "redis", "--redis", Redis()!, "--cluster-id", clusterId,
            "--silo-port", $"{ports[0]}", "--gateway-port", $"{ports[1]}", "--http-port", $"{ports[2]}"]);
        await WaitReady(silo, ports[2]);
        var own = (await db.HashGetAllAsync(key)).Single(e => e.Name != "Version");

        // A damaged row: unready, the row named once in the log, serving on; ready again once it is mended.
        await db.HashSetAsync(key, Damaged, "garbage{");
        var unready = await Eventually.Within(TimeSpan.FromSeconds(30),
            async () => await ReadyStatus(ports[2]) == HttpStatusCode.ServiceUnavailable);
        Assert.True(unready, silo.Out + silo.Err);
        var said = $"has a row \"{Damaged}\" that is not a silo's entry";
        var named = await silo.WaitForOut(said, TimeSpan.FromSeconds(10));
        Assert.True(named, silo.Out);
        await db.HashDeleteAsync(key, Damaged);
        var ready = await Eventually.Within(TimeSpan.FromSeconds(30),
            async () => await ReadyStatus(ports[2]) == HttpStatusCode.OK);
        Assert.True(ready, silo.Out);
        Assert.Contains("membership table readable again", silo.Out);
        Assert.Single(silo.Out.Split('\n'), l => l.Contains("that is not a silo's entry", StringComparison.Ordinal));

        // A row for a silo that does not exist: probed, declared dead (Status 6), and the live silo stays ready.
        var ghost = $"S127.0.0.1:{ports[3]}:1";
        var entry = Edited(own.Value!, e => e["SiloAddress"]!["SiloAddress"] = $"127.0.0.1:{ports[3]}@1");
        await db.HashSetAsync(key, ghost, entry);
        await db.HashIncrementAsync(key, "Version");
        var declared = await Eventually.Within(TimeSpan.FromSeconds(60),
            async () => ((string?)await db.HashGetAsync(key, ghost))?.Contains("\"Status\":6") == true);
        Assert.True(declared,
            $"{await db.HashGetAsync(key, ghost)}\n{silo.Out}");
        Assert.Equal(HttpStatusCode.OK, await ReadyStatus(ports[2]));

        // The live silo marked dead by hand: it obeys the table, in one line, and exits 1 for its supervisor.
        await db.HashSetAsync(key, own.Name, Edited(own.Value!, entry => entry["Status"] = 6));
        await db.HashIncrementAsync(key, "Version");
        Assert.Equal(1, await silo.WaitAsync(TimeSpan.FromSeconds(60)));
        var last = silo.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1].Trim();
        Assert.StartsWith("spigo-silo: the cluster declared this silo dead", last, StringComparison.Ordinal);
        await db.KeyDeleteAsync(key);
    }

    /// <summary>A silo's entry as Orleans wrote it, with <paramref name="edit"/> made to it.</summary>
    private static string Edited(string entry, Action<JsonNode> edit)
    {
        var node = JsonNode.Parse(entry)!;
        edit(node);
        return node.ToJsonString();
    }

    private static async Task<HttpStatusCode?> ReadyStatus(int httpPort)
    {
        try
        {
            using var response = await Http.GetAsync($"http://127.0.0.1:{httpPort}{Spigo.Silo.SiloHost.ReadyPath}");
            return response.StatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }
}
