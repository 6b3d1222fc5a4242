using Spigo.Edda;

namespace Spigo.Tests.Viewer;

/// <summary>Finds the run a test started among the runs every test on the shared cluster registers.</summary>
internal static class EddaRuns
{
    /// <summary>The run of <paramref name="arch"/> registered at or after <paramref name="started"/>, waited for up to <paramref name="seconds"/>.</summary>
    public static async Task<EddaRun> WaitForRun(IClusterClient client, string arch, DateTime started, int seconds = 15)
    {
        EddaRun? mine = null;
        await Eventually.Within(TimeSpan.FromSeconds(seconds), async () =>
            (mine = (await client.GetGrain<IEddaIndex>(0).List()).FirstOrDefault(r => r.Arch == arch && r.Started >= started)) is not null);
        Assert.NotNull(mine);
        return mine;
    }
}
