using Spigo.Client.Hosting;
using Spigo.Gotocol;

namespace Spigo.Client.Architectures;

/// <summary>
/// The driver's listener: Goodbyes count down the nanoservices; GetResponses go to the traffic meter; a Hello is a
/// nanoservice that came back empty asking to be set up again.
/// </summary>
public sealed class ArchitectureListener(TrafficMeter meter) : IGotocolListener
{
    private readonly GoodbyeCountdown _countdown = new();

    public Func<GotocolMessage, bool>? Probe { get; set; }

    /// <summary>
    /// Called with the name of a nanoservice that says Hello, and when it did: it came back empty and asks to be set up again.
    /// </summary>
    public Func<string, DateTime, Task>? Rebuild { get; set; }

    /// <summary>Called with the name of an instance the auto-scaler drains once it holds nothing any more.</summary>
    public Action<string>? Drained { get; set; }

    public Task AllGone => _countdown.AllGone;

    public void ExpectGoodbyes(IEnumerable<string> names) => _countdown.Expect(names);

    /// <summary>Nanoservices that answered Goodbye as lost: their silo was lost, and their state with it.</summary>
    public IReadOnlyList<string> Lost() => _countdown.Lost;

    public IReadOnlyList<string> Missing() => _countdown.Missing();

    public Task Listen(GotocolMessage message)
    {
        switch (message.Imposition)
        {
            case Imposition.Hello:
                if (Rebuild is { } rebuild) _ = rebuild(message.Intention, message.Sent);
                break;
            case Imposition.GetResponse:
                if (Probe?.Invoke(message) != true) meter.Answer(message);
                break;
            case Imposition.Inform:
                if (Intention.TrySplitPair(message.Intention, out var what, out var who) && what == Intention.Drained) Drained?.Invoke(who);
                break;
            case Imposition.Goodbye:
                var lost = GoodbyeReport.TryParseLost(message.Intention, out var name);
                _countdown.Answer(lost ? name : message.Intention, lost);
                break;
        }
        return Task.CompletedTask;
    }
}
