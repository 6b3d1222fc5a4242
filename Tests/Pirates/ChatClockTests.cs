using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Spigo.Gotocol;
using Spigo.Grains.Simulation;

namespace Spigo.Tests.Pirates;

/// <summary>The silo's chat clock, with stand-in pirates that count their ticks.</summary>
public sealed class ChatClockTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly ChatClock _clock;

    public ChatClockTests() => _clock = new ChatClock(_services.GetRequiredService<IMeterFactory>());

    public void Dispose()
    {
        _clock.Dispose();
        _services.Dispose();
    }

    private static Task<bool> Until(Func<bool> condition, double seconds = 10) => Eventually.Within(TimeSpan.FromSeconds(seconds), condition);

    [Fact]
    public async Task APirateThatKeepsUpIsTickedAgainAndAgainAndNothingIsDropped()
    {
        var pirate = new CountingPirate(_clock, finish: true);
        _clock.Join(pirate, TimeSpan.FromMilliseconds(30));
        Assert.True(await Until(() => pirate.Ticks >= 5), $"{pirate.Ticks} ticks");
        Assert.Equal(0, _clock.Dropped);
    }

    [Fact]
    public async Task NoMoreThanTheLimitAreInFlightAndTheRestAreDropped()
    {
        // Stand-ins that never finish their tick: the silo is hopelessly behind.
        var pirates = Enumerable.Range(0, ChatClock.MaxInFlight + 200).Select(_ => new CountingPirate(_clock, finish: false)).ToArray();
        foreach (var pirate in pirates) _clock.Join(pirate, TimeSpan.FromMilliseconds(20));
        Assert.True(await Until(() => _clock.Dropped > 500), $"{_clock.Sent} sent, {_clock.Dropped} dropped");
        Assert.Equal(ChatClock.MaxInFlight, _clock.Sent);
        Assert.Equal(ChatClock.MaxInFlight, pirates.Sum(p => p.Ticks));

        // Ticks finished make room: sending resumes.
        for (var i = 0; i < ChatClock.MaxInFlight; i++) _clock.Finished();
        Assert.True(await Until(() => _clock.Sent > ChatClock.MaxInFlight), $"{_clock.Sent} sent after room was made");
    }

    [Fact]
    public async Task APirateThatLeftIsNeverTickedAgain()
    {
        var pirate = new CountingPirate(_clock, finish: true);
        var chatter = _clock.Join(pirate, TimeSpan.FromMilliseconds(20));
        Assert.True(await Until(() => pirate.Ticks >= 1));
        chatter.Leave();
        // It is dropped from the clock when it next comes due; from then on nothing can tick it.
        Assert.True(await Until(() => _clock.Queued == 0), "the pirate that left stayed on the clock");
        var ticks = pirate.Ticks;
        var other = new CountingPirate(_clock, finish: true);
        _clock.Join(other, TimeSpan.FromMilliseconds(20));
        Assert.True(await Until(() => other.Ticks >= 3));
        Assert.Equal(ticks, pirate.Ticks);
    }

    [Fact]
    public async Task AnIntervalLongerThanTheWheelsTurnWaitsForItsOwnTurn()
    {
        // A wheel of 4 slots of 10 ms turns every 40 ms; a 100 ms pirate must not be ticked each time its slot comes round.
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using var clock = new ChatClock(services.GetRequiredService<IMeterFactory>(), slots: 4);
        var slow = new CountingPirate(clock, finish: true);
        var fast = new CountingPirate(clock, finish: true);
        var started = System.Diagnostics.Stopwatch.StartNew();
        clock.Join(slow, TimeSpan.FromMilliseconds(100));
        clock.Join(fast, TimeSpan.FromMilliseconds(15));
        Assert.True(await Until(() => slow.Ticks >= 3), $"{slow.Ticks} ticks");
        // Three ticks of a 100 ms interval cannot come sooner than 300 ms after joining (a slow machine only makes it later).
        Assert.True(started.ElapsedMilliseconds >= 300, $"3 ticks after {started.ElapsedMilliseconds} ms");
        // The wheel kept ticking the other (a late timer gives each due pirate one tick, so only "at least as often" is certain).
        Assert.True(fast.Ticks >= slow.Ticks, $"the 15 ms pirate ticked {fast.Ticks} times to the 100 ms one's {slow.Ticks}");
        Assert.Equal(0, clock.Dropped);
    }

    [Fact]
    public async Task AnIntervalTooLongToCountIsNeverTicked()
    {
        // Converted to stopwatch ticks unchecked, TimeSpan.MaxValue would wrap round to the shortest interval there is.
        var idle = new CountingPirate(_clock, finish: true);
        var busy = new CountingPirate(_clock, finish: true);
        _clock.Join(idle, TimeSpan.MaxValue);
        _clock.Join(busy, TimeSpan.FromMilliseconds(20));
        Assert.True(await Until(() => busy.Ticks >= 5), $"{busy.Ticks} ticks");
        Assert.Equal(0, idle.Ticks);
    }

    /// <summary>A pirate that only counts its chat ticks (and says it finished each, or never does).</summary>
    private sealed class CountingPirate(ChatClock clock, bool finish) : IPirate
    {
        private int _ticks;

        public int Ticks => Volatile.Read(ref _ticks);

        public Task ChatTick()
        {
            Interlocked.Increment(ref _ticks);
            if (finish) clock.Finished();
            return Task.CompletedTask;
        }

        public Task<PirateState> Inspect() => throw new NotSupportedException();
        public Task Deliver(GotocolMessage[] messages) => Task.CompletedTask;
        public Task Listen(GotocolMessage message) => Task.CompletedTask;
        public Task Hello(GotocolMessage message) => Task.CompletedTask;
        public Task NameDrop(GotocolMessage message) => Task.CompletedTask;
        public Task Chat(GotocolMessage message) => Task.CompletedTask;
        public Task<bool> GoldCoin(GotocolMessage message) => Task.FromResult(false);
        public Task Inform(GotocolMessage message) => Task.CompletedTask;
        public Task GetRequest(GotocolMessage message) => Task.CompletedTask;
        public Task GetResponse(GotocolMessage message) => Task.CompletedTask;
        public Task Put(GotocolMessage message) => Task.CompletedTask;
        public Task Replicate(GotocolMessage message) => Task.CompletedTask;
        public Task Forget(GotocolMessage message) => Task.CompletedTask;
        public Task Delete(GotocolMessage message) => Task.CompletedTask;
        public Task Goodbye(GotocolMessage message) => Task.CompletedTask;
    }
}
