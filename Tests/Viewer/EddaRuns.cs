using Spigo.Edda;

namespace Spigo.Tests.Viewer;

/// <summary>Finds the run a test started among the runs every test on the shared cluster registers.</summary>
internal static class EddaRuns
{
    /// <summary>The run of <paramref name="arch"/> registered at or after <paramref name="started"/>, waited for up to 15 s.</summary>
    public static async Task<EddaRun> WaitForRun(IClusterClient client, string arch, DateTime started)
    {
        EddaRun? mine = null;
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (mine is null && DateTime.UtcNow < deadline)
        {
            mine = (await client.GetGrain<IEddaIndex>(0).List()).FirstOrDefault(r => r.Arch == arch && r.Started >= started);
            if (mine is null) await Task.Delay(50); // poll interval of a wait on a condition with a deadline: it decides nothing
        }
        Assert.NotNull(mine);
        return mine;
    }
}
