using System.Globalization;
using System.Text.Json;
using Spigo.CommandLine;
using StackExchange.Redis;

namespace Spigo.Silo;

/// <summary>
/// The membership table as Redis holds it (the hash <c>SERVICE/members/CLUSTER</c>: a <c>Version</c> field and one
/// JSON entry per silo), read row by row to name what Orleans' reader cannot take: it fails on the whole table without
/// saying which row, and a silo then neither joins nor learns of others.
/// </summary>
public sealed class MembershipRows(string redis, string serviceId, string clusterId)
{
    /// <summary>Rows read at most: a larger table (years of restarts, an edit) is left to Orleans, not read.</summary>
    private const int MaxRows = 10_000;

    private const int Shown = 60;

    public string Key => $"{serviceId}/members/{clusterId}";

    /// <summary>What is wrong with the table, in words; null when every row reads (or there is no table yet).</summary>
    public async Task<string?> FindBad(CancellationToken cancellationToken)
    {
        var config = ConfigurationOptions.Parse(redis);
        config.AbortOnConnectFail = true;
        config.ConnectTimeout = Math.Min(config.ConnectTimeout, 5000);
        await using var connection = await ConnectionMultiplexer.ConnectAsync(config);
        var db = connection.GetDatabase();
        var type = await db.KeyTypeAsync(Key).WaitAsync(cancellationToken);
        if (type == RedisType.None) return null;
        if (type != RedisType.Hash)
            return Where($"is a {type.ToString().ToLowerInvariant()}, not the hash of membership rows");
        var rows = await db.HashLengthAsync(Key).WaitAsync(cancellationToken);
        if (rows > MaxRows) return null;
        foreach (var row in await db.HashGetAllAsync(Key).WaitAsync(cancellationToken))
        {
            if (Problem(row.Name.ToString(), row.Value.ToString()) is { } problem)
            {
                return Where($"has a row \"{Cut(row.Name.ToString())}\" that {problem}; " +
                    "mend it or remove it (redis-cli hdel)");
            }
        }
        return null;
    }

    private string Where(string what) => $"the membership table in redis {redis} (key {Key}) {what}";

    private static string? Problem(string name, string value)
    {
        if (name == "Version")
        {
            return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out _)
                ? null
                : $"is not a version number: {Cut(value)}";
        }
        try
        {
            using var entry = JsonDocument.Parse(value);
            var root = entry.RootElement;
            return root.ValueKind == JsonValueKind.Object && root.TryGetProperty("SiloAddress", out _)
                && root.TryGetProperty("Status", out var status) && status.ValueKind == JsonValueKind.Number
                ? null
                : $"is not a silo's entry (no SiloAddress and Status): {Cut(value)}";
        }
        catch (JsonException)
        {
            return $"is not a silo's entry (not JSON): {Cut(value)}";
        }
    }

    private static string Cut(string text) => OneLine.Of(text.Length > Shown ? text[..Shown] + "…" : text);
}
