namespace Spigo.Edda;

/// <summary>
/// The runs whose Edda can be watched (one index per cluster, key 0): a driver adds its run when it creates Edda,
/// and the viewer lists them so a page opened on any silo finds the newest run.
/// </summary>
public interface IEddaIndex : IGrainWithIntegerKey
{
    Task Add(EddaRun run);

    /// <summary>Newest first, at most the last 50 runs.</summary>
    Task<EddaRun[]> List();
}
