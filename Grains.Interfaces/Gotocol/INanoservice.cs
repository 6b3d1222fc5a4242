namespace Spigo.Gotocol;

/// <summary>
/// A nanoservice, keyed by its dotted name. One method per imposition; the package part of the name
/// chooses the grain class (see <see cref="NanoserviceFactory"/>). <see cref="IGotocolListener.Listen"/>
/// dispatches to the same methods, so a message can also arrive through the generic listener.
/// </summary>
[GrainInterfaceType(NanoserviceFactory.InterfaceName)]
public interface INanoservice : IGrainWithStringKey, IGotocolListener
{
    /// <summary>Several messages in one call, handled in order; used by drivers to set a node up cheaply.</summary>
    Task Deliver(GotocolMessage[] messages);

    [OneWay] Task Hello(GotocolMessage message);
    [OneWay] Task NameDrop(GotocolMessage message);
    [OneWay] Task Chat(GotocolMessage message);

    /// <summary>Gold changes hands only if the receiver accepts it, so gold is conserved even at shutdown.</summary>
    [AlwaysInterleave] Task<bool> GoldCoin(GotocolMessage message);

    [OneWay] Task Inform(GotocolMessage message);
    [OneWay] Task GetRequest(GotocolMessage message);
    [OneWay] Task GetResponse(GotocolMessage message);
    [OneWay] Task Put(GotocolMessage message);
    [OneWay] Task Replicate(GotocolMessage message);
    [OneWay] Task Forget(GotocolMessage message);
    [OneWay] Task Delete(GotocolMessage message);
    [OneWay] Task Goodbye(GotocolMessage message);
}
