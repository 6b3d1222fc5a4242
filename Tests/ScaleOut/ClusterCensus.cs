namespace Spigo.Tests.ScaleOut;

/// <summary>How many silos a cluster counts active, asked of a client that may still route through a silo that is gone.</summary>
internal static class ClusterCensus
{
    /// <summary>
    /// Null when the cluster counts <paramref name="expected"/> active silos; otherwise what it counts, or why it could
    /// not answer (a question that went to a paused or cut-off silo's gateway times out) — for <see cref="Eventually.Holds"/>.
    /// </summary>
    public static async Task<string?> Differs(IClusterClient client, int expected)
    {
        try
        {
            var n = (await Client.Hosting.Census.SilosAsync(client)).Count;
            return n == expected ? null : $"{n} active silos";
        }
        catch (Exception e) when (e is TimeoutException or OrleansException)
        {
            return $"no census: {e.Message}";
        }
    }
}
