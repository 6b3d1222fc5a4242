namespace Spigo.Gotocol;

/// <summary>
/// Anything that can receive a Gotocol message: every nanoservice grain, Edda, and the drivers' observers
/// (FSM, Denominator) that live outside the silo. This is spigo's listener channel.
/// </summary>
public interface IGotocolListener : IGrainObserver
{
    [OneWay]
    Task Listen(GotocolMessage message);
}
