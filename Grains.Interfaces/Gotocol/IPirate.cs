namespace Spigo.Gotocol;

/// <summary>A pirate nanoservice; <see cref="Inspect"/> lets a test or a curious user look in its purse.</summary>
[GrainInterfaceType(NanoserviceFactory.PirateInterfaceName)]
public interface IPirate : INanoservice
{
    Task<PirateState> Inspect();

    /// <summary>Its silo's chat clock says it is time to chat (at the interval its Chat gave).</summary>
    [OneWay] Task ChatTick();
}
