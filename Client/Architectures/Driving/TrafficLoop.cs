using System.Diagnostics;
using Spigo.Client.Cli;
using Spigo.Gotocol;
using Spigo.Load;

namespace Spigo.Client.Architectures;

/// <summary>
/// spigo's Denominator traffic source, as the driver runs it: Get/Put requests into the roots of the architecture for
/// the run's duration — one every interval (--rate), as fast as a window of requests in flight allows, or open loop
/// (--load: arrivals sent when due, whatever is unanswered, up to a cap) — while the Simian Army's faults come due and,
/// halfway, the original's chaos monkey may strike. Then the last answers are waited for, and the rest timed out.
/// </summary>
public sealed class TrafficLoop(IClusterClient client, ArchitectureSettings settings, TrafficMeter meter, IGotocolListener controller, SimianArmy army,
    Random rng, SpigoLog log, ProgressLine progress, Func<string?> halfTimeChaos)
{
    private readonly string _arch = settings.Plan.Definition.Arch;

    // Traffic trace ids stay below 2^50; read-back probes set the top bit (see ReadBackProbe).
    private readonly ulong _traceBase = (ulong)rng.Next(1, 1 << 30) << 20;
    private long _sequence;
    private TimeSpan _nextExpire = TimeSpan.FromSeconds(1);

    /// <summary>Why the traffic stopped before its time (<see cref="ArchitectureSettings.Abort"/>); null when it did not.</summary>
    public string? Aborted { get; private set; }

    /// <summary>Runs the traffic: the answered rate, how long it lasted, and the half-time chaos monkey's victim if any.</summary>
    public async Task<(double Rate, TimeSpan Elapsed, string? Victim)> RunAsync(CancellationToken cancellationToken)
    {
        var plan = settings.Plan;
        string[] rootNames = [.. plan.OfService(plan.Definition.Root.Name).Select(n => n.FullName)];
        if (settings.Duration <= TimeSpan.Zero || rootNames.Length == 0) return (0, TimeSpan.Zero, null);
        log.Info($"{_arch}: Denominator traffic for {GoDuration.Format(settings.Duration)}, {Describe()}");
        // Open loop: the load generators beside the roots send the arrivals (their second 0 is the traffic's, to within
        // a call); the driver collects what they did. Closed loop: the driver sends to the roots itself.
        var generators = settings.Load is { } schedule ? new LoadGenerators(client, meter, Order(schedule), rootNames, log, _arch) : null;
        var roots = generators is null ? rootNames.Select(client.GetNanoservice).ToArray() : [];
        using var owned = generators;
        using var collecting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var collected = Task.CompletedTask;
        if (generators is not null) await generators.StartAsync();
        var clock = Stopwatch.StartNew();
        meter.StartTraffic();
        if (generators is not null) collected = generators.CollectUntil(collecting.Token);
        try
        {
            var victim = await TickUntilDone(clock, roots, generators is not null, cancellationToken);
            var elapsed = clock.Elapsed;
            if (generators is not null) await generators.StopSendingAsync();
            await DrainAsync(cancellationToken);
            await StopCollecting();
            return (Finish(elapsed), elapsed, victim);
        }
        finally
        {
            // Also when the run is interrupted: the generators stop and forget.
            await StopCollecting();
        }

        async Task StopCollecting()
        {
            await collecting.CancelAsync();
            await collected;
            if (generators is null) return;
            await generators.FinishAsync();
            if (generators.Capped > 0) log.Info($"{_arch}: {generators.Capped} arrivals were not sent: {settings.InFlightCap} requests were in flight (the cap), the rest still waiting for answers");
            generators = null;
        }
    }

    /// <summary>
    /// Ticks until the duration has passed or the run is stopped, sending the closed loop's requests and the half-time
    /// chaos monkey; its victim, if any.
    /// </summary>
    private async Task<string?> TickUntilDone(
        Stopwatch clock, INanoservice[] roots, bool openLoop, CancellationToken cancellationToken)
    {
        string? victim = null;
        var chaosDone = !settings.Chaos || settings.Plan.Definition.Victim.Length == 0 || settings.Faults.Count > 0;
        using var ticker = openLoop ? new PeriodicTimer(TimeSpan.FromMilliseconds(10))
            : settings.RequestInterval > TimeSpan.Zero ? new PeriodicTimer(settings.RequestInterval) : null;
        // The traffic ends with the duration even when the next tick (a --rate longer than -d) would come later.
        using var traffic = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        traffic.CancelAfter(settings.Duration);
        while (clock.Elapsed < settings.Duration)
        {
            if (await WaitAsync(ticker, traffic.Token, cancellationToken) is not { } room) break;
            if (Tick(clock.Elapsed)) break;
            if (room && !openLoop) SendOne(roots);
            if (!chaosDone && clock.Elapsed >= settings.Duration / 2)
            {
                chaosDone = true;
                victim = halfTimeChaos();
            }
        }
        return victim;
    }

    /// <summary>What the load generators are to send (each takes an equal share of the rate and the in-flight cap).</summary>
    private LoadOrder Order(LoadSchedule schedule) =>
        new("", schedule.Curve, settings.Poisson, settings.Seed, 0, _traceBase, settings.InFlightCap, settings.RequestTimeout);

    private string Describe() => settings.Load is { } load
        ? $"{(settings.Poisson ? "Poisson" : "evenly spaced")} arrivals at {load}, open loop, at most {settings.InFlightCap} in flight"
        : settings.RequestInterval > TimeSpan.Zero ? $"a request every {GoDuration.Format(settings.RequestInterval)}" : $"as fast as possible ({settings.Window} in flight)";

    /// <summary>
    /// The next tick, or without a rate room in the window — but never a long wait for it: requests lost with a stopped
    /// node must still be expired, or they would hold the window shut for good. Null when the traffic's time is up.
    /// </summary>
    private async Task<bool?> WaitAsync(PeriodicTimer? ticker, CancellationToken traffic, CancellationToken cancellationToken)
    {
        try
        {
            return ticker is not null ? await ticker.WaitForNextTickAsync(traffic) : await meter.WaitForRoom(TimeSpan.FromMilliseconds(100), traffic);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>
    /// Once a second requests past their timeout are expired, progress is shown and the abort condition asked; faults
    /// that have come due strike. True when the traffic must stop (aborted).
    /// </summary>
    private bool Tick(TimeSpan elapsed)
    {
        if (elapsed >= _nextExpire)
        {
            _nextExpire += TimeSpan.FromSeconds(1);
            meter.Expire(settings.RequestTimeout);
            progress.Report($"{_arch}: {elapsed.TotalSeconds:0}/{settings.Duration.TotalSeconds:0}s, {meter.Completed} requests answered, {meter.InFlightCount} in flight");
            settings.Progress?.Invoke(elapsed, meter.CurrentPhase);
            if (settings.Abort?.Invoke(meter.Timeline()) is { } reason)
            {
                Aborted = reason;
                log.Info($"{_arch}: aborted at {elapsed.TotalSeconds:0.0}s: {reason}");
                return true;
            }
        }
        army.Advance(elapsed);
        return false;
    }

    /// <summary>One request into a root of the architecture: a Get of a key written before (half the time, once there is one), else a Put.</summary>
    private void SendOne(INanoservice[] roots)
    {
        var sequence = ++_sequence;
        var span = _traceBase + (ulong)sequence;
        var getKey = rng.Next(2) == 0 ? meter.RandomAckedKey(rng) : null;
        var root = roots[rng.Next(roots.Length)];
        var trace = new TraceContext(span, 0, span);
        if (getKey is not null)
        {
            meter.Begin(span, Imposition.GetRequest, getKey, null);
            _ = root.GetRequest(new GotocolMessage(Imposition.GetRequest, controller, SteadyClock.UtcNow, getKey,
                trace));
            return;
        }
        var key = $"key{settings.Seed}-{sequence}";
        var value = $"value{sequence}";
        meter.Begin(span, Imposition.Put, key, value);
        _ = root.Put(new GotocolMessage(Imposition.Put, controller, SteadyClock.UtcNow, Intention.Pair(key, value),
            trace));
    }

    /// <summary>Gives the last answers a moment.</summary>
    private async Task DrainAsync(CancellationToken cancellationToken)
    {
        var drain = Stopwatch.StartNew();
        while (meter.InFlightCount > 0 && drain.Elapsed < settings.RequestTimeout) await Task.Delay(20, cancellationToken);
    }

    /// <summary>Counts what is still missing as timed out, and says what the traffic did.</summary>
    private double Finish(TimeSpan elapsed)
    {
        meter.Expire(TimeSpan.Zero);
        progress.Clear();
        var rate = meter.Completed / Math.Max(elapsed.TotalSeconds, 1e-9);
        log.Info($"{_arch}: {meter.Sent} requests, {meter.Completed} answered ({rate:0}/s), {meter.Failed} failed, {meter.TimedOut} timed out, " +
            $"latency p50 {GoDuration.Format(TimeSpan.FromSeconds(meter.Percentile(50)))} p99 {GoDuration.Format(TimeSpan.FromSeconds(meter.Percentile(99)))}");
        return rate;
    }
}
