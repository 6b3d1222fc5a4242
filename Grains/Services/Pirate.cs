using System.Globalization;
using Spigo.Architecture;
using Spigo.Gotocol;
using Spigo.Grains.Hosting;
using Spigo.Grains.Simulation;

namespace Spigo.Grains.Services;

/// <summary>
/// A pirate of spigo's social network (fsm). Named by Hello, it collects buddies (NameDrop), gold (GoldCoin)
/// and, once told to Chat, is ticked at its interval by its silo's <see cref="ChatClock"/> to namedrop one buddy to
/// another or give a buddy some gold. Goodbye stops it and reports its gold to the controller.
/// </summary>
[GrainType(Packages.Pirate)]
public sealed class Pirate(NanoserviceServices services, IGrainFactory grainFactory, ChatClock clock) : NamedNanoservice(services), IPirate
{
    private readonly List<string> _buddies = new(2);
    private long _gold;
    private IGotocolListener? _benefactor;
    private long _lastGift;
    private Chatter? _chat;

    /// <summary>Inform from the controller hands over the logger (Edda) that records this pirate's edges.</summary>
    protected override Task OnInform(GotocolMessage message)
    {
        if (Aboard && message.ReplyTo is not null) Edda = message.ReplyTo;
        return Task.CompletedTask;
    }

    protected override Task OnNameDrop(GotocolMessage message)
    {
        var buddy = message.Intention;
        if (!Aboard || buddy.Length == 0 || buddy == Name || _buddies.Contains(buddy)) return Task.CompletedTask;
        _buddies.Add(buddy);
        Series.Learned();
        Edda?.Listen(GotocolMessage.Create(Imposition.Inform, Self, Intention.Pair(Name, buddy)));
        return Task.CompletedTask;
    }

    protected override Task OnForget(GotocolMessage message)
    {
        _buddies.Remove(message.Intention);
        return Task.CompletedTask;
    }

    protected override Task<bool> OnGoldCoin(GotocolMessage message)
    {
        if (!Aboard || !long.TryParse(message.Intention, NumberStyles.Integer, CultureInfo.InvariantCulture, out var coins) || coins <= 0)
        {
            return Task.FromResult(false);
        }
        _gold += coins;
        _benefactor = message.ReplyTo;
        _lastGift = coins;
        return Task.FromResult(true);
    }

    protected override Task OnChat(GotocolMessage message)
    {
        if (!Aboard || !GoDuration.TryParse(message.Intention, out var interval) || interval <= TimeSpan.Zero) return Task.CompletedTask;
        _chat?.Leave();
        _chat = clock.Join(grainFactory.GetPirate(this.GetGrainId()), interval);
        return Task.CompletedTask;
    }

    protected override void OnLeaving(GotocolMessage goodbye)
    {
        _chat?.Leave();
        _chat = null;
        Edda?.Listen(GotocolMessage.Create(Imposition.Goodbye, Self, Intention.Pair(Name, ExitReason.Normal)));
        Report(goodbye, new GoodbyeReport(Name, _gold, _buddies.Count).ToString());
    }

    public Task<PirateState> Inspect() => Task.FromResult(new PirateState(
        Name, Named, _gold, [.. _buddies], _benefactor?.GetGrainId().Key.ToString(), _lastGift));

    public async Task ChatTick()
    {
        try
        {
            await Chat();
        }
        finally
        {
            clock.Finished();
        }
    }

    /// <summary>One chat: half the time tell a buddy about another buddy, otherwise give a buddy some gold.</summary>
    private async Task Chat()
    {
        if (!Aboard || _buddies.Count == 0) return;
        var buddy = _buddies[Roll(_buddies.Count)];
        if (_buddies.Count > 1 && Roll(2) == 0)
        {
            var other = _buddies[Roll(_buddies.Count)];
            if (other != buddy)
            {
                _ = grainFactory.GetNanoservice(buddy).NameDrop(GotocolMessage.Create(Imposition.NameDrop, Self, other));
            }
            return;
        }
        if (_gold <= 0) return;
        var coins = 1 + Roll((int)Math.Min(_gold, int.MaxValue));
        coins = (int)Math.Max(1, coins / 2);
        // The coins leave this pirate's purse before the call so a concurrent Goodbye cannot report them
        // twice; a refusal (the buddy left, or was never named) puts them back.
        _gold -= coins;
        var accepted = false;
        try
        {
            accepted = await grainFactory.GetNanoservice(buddy)
                .GoldCoin(GotocolMessage.Create(Imposition.GoldCoin, Self, coins.ToString(CultureInfo.InvariantCulture)));
        }
        catch (Exception e) when (e is OrleansException or TimeoutException)
        {
            // A buddy that cannot be reached (timeout, lost silo) is treated as a refusal, and the silo's log says so.
            NanoserviceLog.ChatFailed(Logger, e, Name);
            accepted = false;
        }
        finally
        {
            if (!accepted) _gold += coins;
        }
    }
}
