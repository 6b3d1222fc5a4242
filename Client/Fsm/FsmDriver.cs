using System.Diagnostics;
using System.Globalization;
using Spigo.Architecture;
using Spigo.Client.Cli;
using Spigo.Client.Hosting;
using Spigo.Gotocol;

namespace Spigo.Client.Fsm;

/// <summary>
/// The Flexible Simulation Manager: names the pirates, seeds their buddies, gold and chat intervals, lets them
/// talk, then says Goodbye to all and waits for every answer. It talks to grains only through
/// <see cref="IGrainFactory"/>, so it works the same against the embedded silo and a remote cluster.
/// </summary>
public sealed class FsmDriver(IClusterClient client, SpigoLog log, ProgressLine progress)
{
    /// <summary>Setup calls in flight at once: enough to keep both cores busy, few enough to bound memory.</summary>
    private const int Window = 1024;
    private const int EddaChunk = 8192;
    /// <summary>Goodbyes sent and not yet answered, at most.</summary>
    private const int GoodbyeWindow = 16_384;
    /// <summary>On a remote cluster: pirates per call to Asgard in a silo, and such calls in flight.</summary>
    private const int RelayChunk = 256;
    private const int RelayWindow = 8;

    public async Task<FsmResult> RunAsync(FsmSettings settings, CancellationToken cancellationToken)
    {
        var pirates = settings.Pirates;
        var listener = new FsmListener(pirates);
        var fsm = client.CreateObjectReference<IGotocolListener>(listener);
        try
        {
            log.Info($"{settings.Arch}: population {pirates.Count} pirates");
            if (settings.Edda is { } edda) await RecordNodes(edda, pirates);
            var (delivered, goldGiven, setup) = await SetUp(settings, fsm, cancellationToken);
            IReadOnlyList<SiloCount> silos = settings.AfterSetup is { } census ? await census() : [];

            await Talk(settings, cancellationToken);

            var (missing, lost) = await SayGoodbye(settings, fsm, listener, cancellationToken);
            log.Info($"{settings.Arch}: Exit");
            return new FsmResult(Pirates: pirates.Count, Delivered: delivered, SetupTime: setup, GoldGiven: goldGiven,
                GoldReported: listener.Gold, Buddies: listener.Buddies, Goodbyes: pirates.Count - listener.Remaining,
                Missing: missing, Lost: lost, Silos: silos);
        }
        finally
        {
            client.DeleteObjectReference<IGotocolListener>(fsm);
        }
    }

    /// <summary>
    /// Names every pirate and hands it Edda, its buddies, its gold and its chat interval, a window of calls at a time
    /// (through Asgard's relay in the silos on a remote cluster). The random draws are made in pirate order, so a seed
    /// repeats a run exactly.
    /// </summary>
    private async Task<(long Delivered, long GoldGiven, TimeSpan Setup)> SetUp(FsmSettings settings, IGotocolListener fsm, CancellationToken cancellationToken)
    {
        var pirates = settings.Pirates;
        var rng = new Random(settings.Seed);
        var buddies = settings.Edges is null ? null : BuddiesFromEdges(settings.Edges);
        long goldGiven = 0;
        long delivered = 0;
        var clock = Stopwatch.StartNew();
        var inFlight = new List<Task>(Window);
        var chunk = new List<NanoserviceBatch>(RelayChunk);
        for (var i = 0; i < pirates.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var name = pirates[i];
            var batch = SetupOf(settings, fsm, name, buddies is null ? RandomBuddies(rng, pirates, i) : buddies.GetValueOrDefault(name, []), rng, out var gold);
            goldGiven += gold;
            delivered += batch.Length;
            if (settings.Relay)
            {
                chunk.Add(new NanoserviceBatch(name, batch));
                if (chunk.Count == RelayChunk || i == pirates.Count - 1)
                {
                    inFlight.Add(Relay([.. chunk]));
                    chunk.Clear();
                }
            }
            else
            {
                inFlight.Add(Guard(client.GetNanoservice(name).Deliver(batch), name));
            }
            if (inFlight.Count == (settings.Relay ? RelayWindow : Window))
            {
                await Task.WhenAll(inFlight);
                inFlight.Clear();
                progress.Report($"{settings.Arch}: setup {i + 1}/{pirates.Count} pirates");
            }
        }
        await Task.WhenAll(inFlight);
        var setup = clock.Elapsed;
        progress.Clear();
        log.Info($"{settings.Arch}: Delivered {delivered} messages in {GoDuration.Format(setup)} ({delivered / Math.Max(setup.TotalSeconds, 1e-9):0} msg/s)");
        if (_setupFailures > 0) log.Info($"{settings.Arch}: {_setupFailures} pirates could not be set up (e.g. {_firstFailure})");
        return (delivered, goldGiven, setup);
    }

    /// <summary>One pirate's setup: Hello, Edda, a NameDrop per buddy, its gold and (unless --no-chat) its chat interval.</summary>
    private static GotocolMessage[] SetupOf(FsmSettings settings, IGotocolListener fsm, string name, IEnumerable<string> buddies, Random rng, out int gold)
    {
        var batch = new List<GotocolMessage>(6) { GotocolMessage.Create(Imposition.Hello, fsm, name) };
        if (settings.Edda is not null) batch.Add(GotocolMessage.Create(Imposition.Inform, settings.Edda, ListenerRole.Edda));
        foreach (var buddy in buddies) batch.Add(GotocolMessage.Create(Imposition.NameDrop, null, buddy));
        gold = rng.Next(1, 101);
        batch.Add(GotocolMessage.Create(Imposition.GoldCoin, fsm, gold.ToString(CultureInfo.InvariantCulture)));
        var interval = TimeSpan.FromMilliseconds(rng.Next(100, 10_001));
        if (!settings.NoChat) batch.Add(GotocolMessage.Create(Imposition.Chat, fsm, GoDuration.Format(interval)));
        return [.. batch];
    }

    /// <summary>Goodbye to every pirate, then the count-down: who did not answer, and who answered as lost with its silo.</summary>
    private async Task<(IReadOnlyList<string> Missing, IReadOnlyList<string> Lost)> SayGoodbye(FsmSettings settings, IGotocolListener fsm,
        FsmListener listener, CancellationToken cancellationToken)
    {
        log.Info($"{settings.Arch}: Shutdown");
        var sent = 0;
        var answeredBefore = 0;
        var stalled = Stopwatch.StartNew();
        foreach (var name in settings.Pirates)
        {
            _ = client.GetNanoservice(name).Goodbye(GotocolMessage.Create(Imposition.Goodbye, fsm, settings.Arch));
            sent++;
            // A window of Goodbyes in flight, not a million queued at once; a window that stops moving (pirates that
            // will never answer) does not hold the rest back for more than a second.
            while (sent - (settings.Pirates.Count - listener.Remaining) >= GoodbyeWindow)
            {
                var answered = settings.Pirates.Count - listener.Remaining;
                if (answered != answeredBefore)
                {
                    answeredBefore = answered;
                    stalled.Restart();
                }
                else if (stalled.Elapsed >= TimeSpan.FromSeconds(1))
                {
                    break;
                }
                await Task.Delay(1, cancellationToken);
            }
        }
        var missing = await AwaitGoodbyes(settings, listener, cancellationToken);
        var lost = listener.Lost;
        if (lost.Count > 0)
        {
            log.Info($"{settings.Arch}: {lost.Count} pirates were lost with their silo (activated afresh elsewhere, without their gold): {string.Join(", ", lost.Take(10))}{(lost.Count > 10 ? ", …" : "")}");
            if (settings.Edda is { } record) await EddaRecords.RecordLost(record, lost);
        }
        return (missing, lost);
    }

    private int _setupFailures;
    private string? _firstFailure;

    /// <summary>A setup call that fails (its silo went away) is counted and named, not fatal to the run.</summary>
    private async Task Guard(Task call, string name)
    {
        try
        {
            await call;
        }
        catch (Exception e) when (e is OrleansException or TimeoutException)
        {
            Count(name, e.GetType().Name);
        }
    }

    /// <summary>A chunk of setups relayed through Asgard in a silo; pirates it could not reach are counted like failed calls.</summary>
    private async Task Relay(NanoserviceBatch[] chunk)
    {
        try
        {
            foreach (var name in await client.GetGrain<ISetupRelay>(0).Deliver(chunk)) Count(name, "unreachable");
        }
        catch (Exception e) when (e is OrleansException or TimeoutException)
        {
            foreach (var batch in chunk) Count(batch.Name, e.GetType().Name);
        }
    }

    private void Count(string name, string why)
    {
        if (Interlocked.Increment(ref _setupFailures) == 1) _firstFailure = $"{name}: {why}";
    }

    private static async Task RecordNodes(Edda.IEdda edda, IReadOnlyList<string> pirates)
    {
        for (var start = 0; start < pirates.Count; start += EddaChunk)
        {
            var chunk = pirates.Skip(start).Take(EddaChunk)
                .Select(name => GotocolMessage.Create(Imposition.Hello, null, Intention.Pair(name, Packages.Pirate)))
                .ToArray();
            await edda.Record(chunk);
        }
    }

    private async Task Talk(FsmSettings settings, CancellationToken cancellationToken)
    {
        if (settings.Duration <= TimeSpan.Zero) return;
        log.Info($"{settings.Arch}: Talk amongst yourselves for {GoDuration.Format(settings.Duration)}");
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < settings.Duration)
        {
            var left = settings.Duration - clock.Elapsed;
            await Task.Delay(left < TimeSpan.FromMilliseconds(250) ? left : TimeSpan.FromMilliseconds(250), cancellationToken);
            progress.Report($"{settings.Arch}: talking {clock.Elapsed.TotalSeconds:0}/{settings.Duration.TotalSeconds:0}s", force: true);
        }
        progress.Clear();
    }

    private async Task<IReadOnlyList<string>> AwaitGoodbyes(FsmSettings settings, FsmListener listener, CancellationToken cancellationToken)
    {
        var deadline = Task.Delay(settings.Timeout, cancellationToken);
        while (!listener.AllGone.IsCompleted && !deadline.IsCompleted)
        {
            await Task.WhenAny(listener.AllGone, deadline, Task.Delay(250, cancellationToken));
            progress.Report($"{settings.Arch}: waiting for {listener.Remaining} Goodbyes");
        }
        progress.Clear();
        if (listener.AllGone.IsCompleted) return [];
        var missing = listener.Missing(int.MaxValue);
        var shown = string.Join(", ", missing.Take(10));
        log.Info($"{settings.Arch}: {missing.Count} pirates did not say Goodbye within {GoDuration.Format(settings.Timeout)}: {shown}{(missing.Count > 10 ? ", …" : "")}");
        return missing;
    }

    private static IEnumerable<string> RandomBuddies(Random rng, IReadOnlyList<string> pirates, int self)
    {
        // Two different buddies, neither the pirate itself (fewer when there are not enough pirates).
        var others = pirates.Count - 1;
        if (others < 1) yield break;
        var first = rng.Next(others);
        yield return pirates[first >= self ? first + 1 : first];
        if (others < 2) yield break;
        var second = rng.Next(others - 1);
        if (second >= first) second++;
        yield return pirates[second >= self ? second + 1 : second];
    }

    private static Dictionary<string, List<string>> BuddiesFromEdges(IReadOnlyList<(string Source, string Target)> edges)
    {
        var buddies = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (source, target) in edges)
        {
            if (!buddies.TryGetValue(source, out var list)) buddies[source] = list = [];
            list.Add(target);
        }
        return buddies;
    }
}
