namespace Spigo.Runs;

/// <summary>
/// A silo's window on the simulated network (keyed <see cref="SiloKey.Of"/>(<see cref="SiloKey.Network"/>, silo)): the
/// Simian Army cuts and heals partitions between zones or regions of a run there, on every silo.
/// </summary>
public interface ISiloNetwork : IGrainWithStringKey
{
    /// <summary>From now on, Gotocol messages between nanoservices of <paramref name="arch"/> in the two sides are lost.</summary>
    Task Cut(string arch, string sideA, string sideB);

    /// <summary>
    /// Ends the partition between the two sides and delivers the copies of writes it held as hints; returns what it cost
    /// on this silo.
    /// </summary>
    Task<PartitionHealed> Heal(string arch, string sideA, string sideB);
}
