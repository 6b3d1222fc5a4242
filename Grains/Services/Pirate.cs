using System.Globalization;
using Spigo.Gotocol;
using Spigo.Grains.Hosting;

namespace Spigo.Grains.Services;

/// <summary>
/// A pirate of spigo's social network (fsm). Named by Hello, it collects buddies (NameDrop), gold (GoldCoin)
/// and, once told to Chat, wakes at its interval to namedrop one buddy to another or give a buddy some gold.
/// Goodbye stops it, reports its gold to the controller, and deactivates it.
/// </summary>
[GrainType("pirate")]
public sealed class Pirate(GotocolLog log, IGrainFactory grainFactory) : NanoserviceGrain(log), IPirate
{
    private IGotocolListener? _controller;
    private IGotocolListener? _edda;
    private IGotocolListener? _self;
    private readonly List<string> _buddies = new(2);
    private long _gold;
    private IGotocolListener? _benefactor;
    private long _lastGift;
    private IGrainTimer? _chat;
    private Dice _dice;
    private bool _named;
    private bool _departed;

    /// <summary>Only a pirate that was named and has not left takes part; anything else is a late echo.</summary>
    private bool Aboard => _named && !_departed;

    private IGotocolListener Self => _self ??= this.AsReference<IGotocolListener>();

    protected override Task OnHello(GotocolMessage message)
    {
        if (_departed) return Task.CompletedTask;
        if (!_named) Series.Living(1);
        _named = true;
        _controller = message.ReplyTo;
        _dice = new Dice(Dice.SeedFrom(Name));
        return Task.CompletedTask;
    }

    /// <summary>Inform from the controller hands over the logger (Edda) that records this pirate's edges.</summary>
    protected override Task OnInform(GotocolMessage message)
    {
        if (Aboard && message.ReplyTo is not null) _edda = message.ReplyTo;
        return Task.CompletedTask;
    }

    protected override Task OnNameDrop(GotocolMessage message)
    {
        var buddy = message.Intention;
        if (!Aboard || buddy.Length == 0 || buddy == Name || _buddies.Contains(buddy)) return Task.CompletedTask;
        _buddies.Add(buddy);
        Series.Learned();
        _edda?.Listen(GotocolMessage.Create(Imposition.Inform, Self, Intention.Pair(Name, buddy)));
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
        _chat?.Dispose();
        _chat = this.RegisterGrainTimer(static (pirate, _) => pirate.ChatTick(), this,
            new GrainTimerCreationOptions(interval, interval) { Interleave = false, KeepAlive = true });
        return Task.CompletedTask;
    }

    protected override Task OnGoodbye(GotocolMessage message)
    {
        if (_departed) return Task.CompletedTask;
        if (!_named)
        {
            _departed = true; // its gold and buddies went with its silo
            return SayLost(message);
        }
        _departed = true;
        Series.Living(-1);
        _chat?.Dispose();
        _chat = null;
        _edda?.Listen(GotocolMessage.Create(Imposition.Goodbye, Self, Intention.Pair(Name, "normal")));
        var report = new GoodbyeReport(Name, _gold, _buddies.Count);
        (message.ReplyTo ?? _controller)?.Listen(GotocolMessage.Create(Imposition.Goodbye, Self, report.ToString()));
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public Task<PirateState> Inspect() => Task.FromResult(new PirateState(
        Name, _named, _gold, [.. _buddies], _benefactor?.GetGrainId().Key.ToString(), _lastGift));

    /// <summary>One chat: half the time tell a buddy about another buddy, otherwise give a buddy some gold.</summary>
    private async Task ChatTick()
    {
        if (!Aboard || _buddies.Count == 0) return;
        var buddy = _buddies[_dice.Next(_buddies.Count)];
        if (_buddies.Count > 1 && _dice.Next(2) == 0)
        {
            var other = _buddies[_dice.Next(_buddies.Count)];
            if (other != buddy)
            {
                _ = grainFactory.GetNanoservice(buddy).NameDrop(GotocolMessage.Create(Imposition.NameDrop, Self, other));
            }
            return;
        }
        if (_gold <= 0) return;
        var coins = 1 + _dice.Next((int)Math.Min(_gold, int.MaxValue));
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
