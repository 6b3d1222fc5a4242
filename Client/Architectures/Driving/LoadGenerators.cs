using Spigo.Client.Cli;
using Spigo.Load;
using Spigo.Names;

namespace Spigo.Client.Architectures;

/// <summary>
/// The load generators of a --load run, one next to each root of the architecture (see <see cref="ILoadGenerator"/>),
/// each sending an equal share of the schedule; the driver collects what they sent and heard into the traffic meter
/// every <see cref="Every"/>. A generator that does not answer (its silo went away with its zone) is started again on
/// the next round, where its root's zone lives now; the requests it had sent but not yet reported are not counted.
/// </summary>
public sealed class LoadGenerators(IClusterClient client, TrafficMeter meter, LoadOrder order, string[] roots, SpigoLog log, string arch) : IDisposable
{
    /// <summary>How often the generators are asked what they did.</summary>
    public static readonly TimeSpan Every = TimeSpan.FromMilliseconds(100);

    /// <summary>How long a generator may take to answer before it is taken for lost.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(2);

    private readonly ILoadGenerator?[] _generators = new ILoadGenerator?[roots.Length];
    private readonly SemaphoreSlim _round = new(1, 1);
    private int _numbered;
    private bool _sending = true;

    /// <summary>Arrivals the generators could not send because their share of the in-flight cap was reached.</summary>
    public long Capped { get; private set; }

    /// <summary>Starts a generator next to every root: the traffic's second 0.</summary>
    public async Task StartAsync()
    {
        await Task.WhenAll(roots.Select((_, i) => StartOne(i, 0)));
        if (_generators.All(g => g is null)) throw new InvalidOperationException($"no load generator could be started next to {string.Join(", ", roots)}");
    }

    /// <summary>Collects from every generator until <paramref name="cancellationToken"/> is cancelled.</summary>
    public async Task CollectUntil(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Every);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken)) await CollectAsync();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// The generators stop sending (the traffic's time is up), and what they sent is collected; they still hear the
    /// answers to come.
    /// </summary>
    public async Task StopSendingAsync()
    {
        _sending = false;
        await CollectAsync();
    }

    /// <summary>The last of what the generators heard; they forget everything.</summary>
    public async Task FinishAsync()
    {
        _sending = false;
        await _round.WaitAsync();
        try
        {
            foreach (var report in await Task.WhenAll(_generators.OfType<ILoadGenerator>().Select(Finish))) Take(report);
            Array.Clear(_generators);
        }
        finally
        {
            _round.Release();
        }
    }

    private static async Task<LoadReport> Finish(ILoadGenerator generator)
    {
        try
        {
            return await generator.Finish().WaitAsync(Patience);
        }
        catch (Exception e) when (e is OrleansException or TimeoutException)
        {
            return LoadReport.Empty;
        }
    }

    /// <summary>One round of collection (rounds never overlap): lost generators are started again while the traffic lasts.</summary>
    private async Task CollectAsync()
    {
        await _round.WaitAsync();
        try
        {
            var sending = _sending;
            await Task.WhenAll(_generators.Select((generator, i) => generator is null ? (sending ? StartOne(i, meter.TrafficSeconds) : Task.CompletedTask) : CollectOne(i, generator, sending)));
        }
        finally
        {
            _round.Release();
        }
    }

    private async Task CollectOne(int i, ILoadGenerator generator, bool sending)
    {
        string why;
        try
        {
            var report = await generator.Collect(sending).WaitAsync(Patience);
            Take(report);
            if (!report.Lost) return;
            why = "was lost with its silo";
        }
        catch (Exception e) when (e is OrleansException or TimeoutException)
        {
            why = $"did not answer ({e.GetType().Name})";
        }
        _generators[i] = null;
        log.Info($"{arch}: the load generator of {roots[i]} {why}");
        if (sending) await StartOne(i, meter.TrafficSeconds);
    }

    /// <summary>Starts the generator of root <paramref name="i"/>, <paramref name="second"/> seconds into the traffic.</summary>
    private async Task StartOne(int i, double second)
    {
        var generator = client.GetGrain<ILoadGenerator>(Companion.Of(roots[i], $"load.{order.TraceBase:x}"));
        try
        {
            var number = Interlocked.Increment(ref _numbered);
            var silo = await generator.Start(order with { Root = roots[i], Generator = number, InFlightCap = Math.Max(1, order.InFlightCap / roots.Length) },
                1.0 / roots.Length, second).WaitAsync(Patience);
            _generators[i] = generator;
            log.Info($"{arch}: {(number > roots.Length ? "another " : "")}load generator of {roots[i]} on silo {silo}" +
                (roots.Length > 1 ? $", 1/{roots.Length} of the load" : ""));
        }
        catch (Exception e) when (e is OrleansException or TimeoutException)
        {
            // Tried again on the next round.
        }
    }

    private void Take(LoadReport report)
    {
        Capped += report.Capped;
        meter.Record(report);
    }

    public void Dispose() => _round.Dispose();
}
