using Spigo.Gotocol;
using Spigo.Grains.Hosting;

namespace Spigo.Grains.Services;

/// <summary>
/// The lifecycle pirates and services share: Hello from the controller names the nanoservice (and seeds its dice from
/// its name), Goodbye ends it; in between it is aboard. Messages before Hello or after Goodbye are late echoes and
/// are ignored. A Goodbye to one never named in this activation (its silo was lost) is answered as lost.
/// </summary>
public abstract class NamedNanoservice(NanoserviceServices services) : NanoserviceGrain(services)
{
    private Dice _dice;
    private NanoserviceLife _life;

    /// <summary>Named and not yet gone: only then does it take part.</summary>
    protected bool Aboard => _life is NanoserviceLife.Serving or NanoserviceLife.Restored or NanoserviceLife.Replaced;

    /// <summary>Told Goodbye: whatever comes after is a late echo.</summary>
    private bool Gone => _life is NanoserviceLife.Departed or NanoserviceLife.DepartedRestored
        or NanoserviceLife.DepartedReplaced or NanoserviceLife.DepartedUnnamed;

    /// <summary>Named by a Hello in this activation (and perhaps gone since).</summary>
    protected bool Named => _life is not (NanoserviceLife.Unnamed or NanoserviceLife.DepartedUnnamed);

    /// <summary>Neither named nor gone: an activation that lost its state with its silo.</summary>
    protected bool NeverNamed => _life == NanoserviceLife.Unnamed;

    /// <summary>
    /// Rebuilt after coming back empty (its silo was lost, or a fault had stopped it): what it held is gone. Told by
    /// the Inform that follows its Hello (<see cref="Intention.Replacement"/> or <see cref="Intention.Restored"/>).
    /// </summary>
    protected bool Rebuilt => _life is NanoserviceLife.Restored or NanoserviceLife.Replaced
        or NanoserviceLife.DepartedRestored or NanoserviceLife.DepartedReplaced;

    /// <summary>Rebuilt after its silo was lost: it answers the run's Goodbye as lost.</summary>
    protected bool Lost => _life is NanoserviceLife.Replaced or NanoserviceLife.DepartedReplaced;

    /// <summary>Takes an Inform that says this setup is a rebuild; false for any other.</summary>
    protected bool TakeRebuild(GotocolMessage message)
    {
        if (!Named || message.Intention is not (Intention.Replacement or Intention.Restored)) return false;
        var replaced = message.Intention == Intention.Replacement;
        _life = Aboard
            ? replaced ? NanoserviceLife.Replaced : NanoserviceLife.Restored
            : replaced ? NanoserviceLife.DepartedReplaced : NanoserviceLife.DepartedRestored;
        return true;
    }

    /// <summary>Whoever named it (the driver or Asgard's relay): it hears the Goodbye report when the Goodbye has no reply-to.</summary>
    protected IGotocolListener? Controller { get; private set; }

    /// <summary>Edda, which records this nanoservice's edges and its end; handed over by Inform.</summary>
    protected IGotocolListener? Edda { get; set; }

    /// <summary>A random number below <paramref name="maxExclusive"/>, from dice seeded by the name: runs repeat.</summary>
    protected int Roll(int maxExclusive) => _dice.Next(maxExclusive);

    protected override Task OnHello(GotocolMessage message)
    {
        if (Gone) return Task.CompletedTask; // a late Hello
        if (_life == NanoserviceLife.Unnamed)
        {
            Series.Living(1);
            _life = NanoserviceLife.Serving;
        }
        Controller = message.ReplyTo;
        _dice = new Dice(Dice.SeedFrom(Name));
        OnNamed();
        return Task.CompletedTask;
    }

    /// <summary>Called by each Hello that (re)names it.</summary>
    protected virtual void OnNamed()
    {
    }

    protected sealed override Task OnGoodbye(GotocolMessage message)
    {
        if (Gone) return Task.CompletedTask;
        if (_life == NanoserviceLife.Unnamed)
        {
            _life = NanoserviceLife.DepartedUnnamed;
            return SayLost(message); // what it held went with its silo
        }
        _life = _life switch
        {
            NanoserviceLife.Replaced => NanoserviceLife.DepartedReplaced,
            NanoserviceLife.Restored => NanoserviceLife.DepartedRestored,
            _ => NanoserviceLife.Departed,
        };
        Series.Living(-1);
        OnLeaving(message);
        // On a silo that dies with its process, a nanoservice leaving at the run's end may stay activated; one a fault
        // stopped (or the auto-scaler took out) must go all the same: if the fault ends, Asgard brings it back under its
        // name in a fresh activation.
        if (message.Intention is ExitReason.Chaos or ExitReason.ScaledIn || !Services.Archaius.EndsWithProcess) DeactivateOnIdle();
        return Task.CompletedTask;
    }

    /// <summary>Stops what it does and reports its end (to Edda, and by <see cref="Report"/> to whoever waits).</summary>
    protected abstract void OnLeaving(GotocolMessage goodbye);

    /// <summary>Answers a Goodbye: to its reply-to, or else to the controller.</summary>
    protected void Report(GotocolMessage goodbye, string intention) =>
        (goodbye.ReplyTo ?? Controller)?.Listen(GotocolMessage.Create(Imposition.Goodbye, Self, intention));
}
