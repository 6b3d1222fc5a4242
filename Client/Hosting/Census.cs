using Spigo.Grains.Services;

namespace Spigo.Client.Hosting;

/// <summary>
/// Where the nanoservices are: active silos, and activations of spigo's nanoservice grain types on each, from the
/// cluster's management grain. Taken once setup is done, while every nanoservice is alive.
/// </summary>
public static class Census
{

    public static async Task<IReadOnlyList<string>> SilosAsync(IClusterClient client)
    {
        var hosts = await client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
        return [.. hosts.Keys.Select(s => s.ToString()).Order(StringComparer.Ordinal)];
    }

    /// <summary>
    /// Nanoservices of the given packages held by each active silo (silos holding none are listed with 0). Counting
    /// by package keeps other runs' stragglers (late echoes that woke a departed nanoservice) out of an fsm count.
    /// </summary>
    public static async Task<IReadOnlyList<SiloCount>> TakeAsync(IClusterClient client, IReadOnlySet<string> packages)
    {
        var management = client.GetGrain<IManagementGrain>(0);
        var hosts = await management.GetHosts(onlyActive: true);
        var counts = hosts.Keys.ToDictionary(s => s.ToString(), _ => 0);
        foreach (var statistic in await management.GetSimpleGrainStatistics())
        {
            if (Type.GetType(statistic.GrainType) is not { } type || !type.IsAssignableTo(typeof(NanoserviceGrain))
                || !packages.Contains(type.Name)) continue;
            var silo = statistic.SiloAddress.ToString();
            counts[silo] = counts.GetValueOrDefault(silo) + statistic.ActivationCount;
        }
        return [.. counts.Select(c => new SiloCount(c.Key, c.Value)).OrderBy(c => c.Silo, StringComparer.Ordinal)];
    }

    public static string Format(IReadOnlyList<SiloCount> counts) =>
        string.Join(", ", counts.Select(c => $"{c.Silo} {c.Nanoservices}"));
}
