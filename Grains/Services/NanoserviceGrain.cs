using Microsoft.Extensions.Logging;
using Spigo.Gotocol;
using Spigo.Grains.Hosting;
using Spigo.Grains.Metrics;
using Spigo.Grains.Placement;
using Spigo.Grains.Simulation;

namespace Spigo.Grains.Services;

/// <summary>
/// What every nanoservice shares: its name, the -m log, and turning a Gotocol message into the method for
/// its imposition. A package overrides the impositions it understands; the rest are ignored, as in spigo.
/// </summary>
/// <remarks>
/// Placed by zone (<see cref="ZonePlacement"/>): a zone's nanoservices share a silo, whoever creates them (the driver
/// enters through one gateway, which load-based placement would favour); zone-spanning ones spread by name.
/// </remarks>
[ZonePlacement]
public abstract class NanoserviceGrain(NanoserviceServices services) : Grain, INanoservice
{
    private string? _name;
    private MessageSeries? _series;
    private uint _delivered;

    /// <summary>
    /// When this activation last asked for its setup: on its first message other than Hello or Goodbye, and again a
    /// second later if it is still empty (an ask the controller ignored, or one lost with another silo).
    /// </summary>
    private long _rebuildAskedAt;
    private static readonly long RebuildRetry = System.Diagnostics.Stopwatch.Frequency;

    /// <summary>
    /// True for an activation that should have been set up but was not: its silo was lost and Orleans activated it
    /// afresh. Such a nanoservice asks for its setup on the first message other than Hello or Goodbye.
    /// </summary>
    protected virtual bool AwaitsRebuild => false;

    protected ILogger Logger => services.Logger;

    /// <summary>The silo's services this nanoservice uses.</summary>
    protected NanoserviceServices Services => services;

    /// <summary>This nanoservice as a listener, to be replied to.</summary>
    protected IGotocolListener Self => _self ??= GrainFactory.GetNanoservice(this.GetGrainId());
    private IGotocolListener? _self;

    /// <summary>The dotted name, which is the grain key.</summary>
    protected string Name => _name ??= this.GetPrimaryKeyString();

    /// <summary>The counts this nanoservice adds to (messages, alive, edges), shared by its service.</summary>
    protected MessageSeries Series => _series ??= Metrics.SeriesFor(Name);

    /// <summary>This silo's telemetry, looked up once per activation.</summary>
    protected SpigoMetrics Metrics => services.Metrics;

    public Task Listen(GotocolMessage message) => Dispatch(message);

    public async Task Deliver(GotocolMessage[] messages)
    {
        foreach (var message in messages) await Dispatch(message);
    }

    public Task Hello(GotocolMessage message) => Arrived(message) ? OnHello(message) : Task.CompletedTask;
    public Task NameDrop(GotocolMessage message) => Arrived(message) ? OnNameDrop(message) : Task.CompletedTask;
    public Task Chat(GotocolMessage message) => Arrived(message) ? OnChat(message) : Task.CompletedTask;
    public Task<bool> GoldCoin(GotocolMessage message) => Arrived(message) ? OnGoldCoin(message) : Task.FromResult(false);
    public Task Inform(GotocolMessage message) => Arrived(message) ? OnInform(message) : Task.CompletedTask;
    public Task GetRequest(GotocolMessage message) => Arrived(message) ? OnGetRequest(message) : Task.CompletedTask;
    public Task GetResponse(GotocolMessage message) => Arrived(message) ? OnGetResponse(message) : Task.CompletedTask;
    public Task Put(GotocolMessage message) => Arrived(message) ? OnPut(message) : Task.CompletedTask;
    public Task Replicate(GotocolMessage message) => Arrived(message) ? OnReplicate(message) : Task.CompletedTask;
    public Task Forget(GotocolMessage message) => Arrived(message) ? OnForget(message) : Task.CompletedTask;
    public Task Delete(GotocolMessage message) => Arrived(message) ? OnDelete(message) : Task.CompletedTask;
    public Task Goodbye(GotocolMessage message) => Arrived(message) ? OnGoodbye(message) : Task.CompletedTask;

    private Task Dispatch(GotocolMessage message) => message.Imposition switch
    {
        Imposition.Hello => Hello(message),
        Imposition.NameDrop => NameDrop(message),
        Imposition.Chat => Chat(message),
        Imposition.GoldCoin => GoldCoin(message),
        Imposition.Inform => Inform(message),
        Imposition.GetRequest => GetRequest(message),
        Imposition.GetResponse => GetResponse(message),
        Imposition.Put => Put(message),
        Imposition.Replicate => Replicate(message),
        Imposition.Forget => Forget(message),
        Imposition.Delete => Delete(message),
        Imposition.Goodbye => Goodbye(message),
        _ => Task.CompletedTask,
    };

    /// <summary>This silo's simulated network partitions, looked up once per activation.</summary>
    private NetworkPartitions Partitions => services.Partitions;

    /// <summary>
    /// A message arrives: false when it was lost on its way (a partition separates its sender from this nanoservice);
    /// else it is logged (-m), counted and its latency sampled (-c), and an activation that came back empty asks to be
    /// set up again. Checked here so that a run without -m, -c, a scraper or a partition pays nothing beyond the tests.
    /// </summary>
    private bool Arrived(GotocolMessage message)
    {
        if (Partitions.Active && message.ReplyTo is { } sender && Partitions.Cuts(sender.GetGrainId().Key.ToString(), Name, message)) return false;
        if (services.Log.Enabled) services.Log.Delivered(Name, message);
        var metrics = Metrics;
        if (metrics.Counting) Series.Count(message.Imposition);
        // Latency is sampled: every LatencySampling-th message of each nanoservice, starting with its first.
        if (metrics.Timing && _delivered++ % SpigoMetrics.LatencySampling == 0)
        {
            metrics.RecordLatency(Series, Math.Max(0, message.Latency.TotalSeconds));
        }
        if (message.Imposition is not (Imposition.Hello or Imposition.Goodbye) && AwaitsRebuild)
        {
            var now = System.Diagnostics.Stopwatch.GetTimestamp();
            if (_rebuildAskedAt == 0 || now - _rebuildAskedAt > RebuildRetry)
            {
                _rebuildAskedAt = now;
                _ = AskForRebuild();
            }
        }
        return true;
    }

    /// <summary>
    /// Says Hello to the run's controller, found in the run book, which answers with this node's setup followed by an
    /// Inform <see cref="Intention.Replacement"/> (a controller still setting its run up ignores the Hello: this is then
    /// a stray activation of an earlier run's node, and the coming setup is an ordinary one).
    /// </summary>
    private async Task AskForRebuild()
    {
        var arch = Name[..Name.IndexOf('.', StringComparison.Ordinal)];
        try
        {
            NanoserviceLog.AskingForRebuild(Logger, Name, RuntimeIdentity);
            if (await services.RunBooks.ControllerOf(arch) is not { } controller)
            {
                NanoserviceLog.NoRunBook(Logger, Name, arch);
                return;
            }
            await controller.Listen(GotocolMessage.Create(Imposition.Hello, Self, Name));
        }
        catch (Exception e) when (e is OrleansException or TimeoutException)
        {
            NanoserviceLog.RebuildFailed(Logger, e, Name);
        }
    }

    /// <summary>
    /// The answer to a Goodbye received by a nanoservice never introduced in this activation: its silo was lost and
    /// Orleans activated it afresh elsewhere, without its state.
    /// </summary>
    protected Task SayLost(GotocolMessage goodbye)
    {
        goodbye.ReplyTo?.Listen(GotocolMessage.Create(Imposition.Goodbye, Self, GoodbyeReport.Lost(Name)));
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    protected virtual Task OnHello(GotocolMessage message) => Task.CompletedTask;
    protected virtual Task OnNameDrop(GotocolMessage message) => Task.CompletedTask;
    protected virtual Task OnChat(GotocolMessage message) => Task.CompletedTask;
    protected virtual Task<bool> OnGoldCoin(GotocolMessage message) => Task.FromResult(false);
    protected virtual Task OnInform(GotocolMessage message) => Task.CompletedTask;
    protected virtual Task OnGetRequest(GotocolMessage message) => Task.CompletedTask;
    protected virtual Task OnGetResponse(GotocolMessage message) => Task.CompletedTask;
    protected virtual Task OnPut(GotocolMessage message) => Task.CompletedTask;
    protected virtual Task OnReplicate(GotocolMessage message) => Task.CompletedTask;
    protected virtual Task OnForget(GotocolMessage message) => Task.CompletedTask;
    protected virtual Task OnDelete(GotocolMessage message) => Task.CompletedTask;
    protected virtual Task OnGoodbye(GotocolMessage message) => Task.CompletedTask;
}
