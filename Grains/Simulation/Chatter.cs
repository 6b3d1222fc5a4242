using Spigo.Gotocol;

namespace Spigo.Grains.Simulation;

/// <summary>One pirate's place on its silo's <see cref="ChatClock"/>.</summary>
public sealed class Chatter(IPirate pirate, long interval)
{
    internal IPirate Pirate { get; } = pirate;

    /// <summary>The pirate's chat interval, in <see cref="System.Diagnostics.Stopwatch"/> ticks.</summary>
    internal long Interval { get; } = interval;

    /// <summary>When its next tick is due, in <see cref="System.Diagnostics.Stopwatch"/> ticks (kept by the clock, under its lock).</summary>
    internal long Due { get; set; }

    /// <summary>Set when the pirate leaves (or is told a new interval): the clock drops it when its slot of the wheel is next swept.</summary>
    internal bool Left { get; private set; }

    public void Leave() => Left = true;
}
