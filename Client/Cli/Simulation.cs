using System.Diagnostics;
using Spigo.Client.Fsm;
using Spigo.Client.Hosting;
using Spigo.Client.Output;
using Spigo.Edda;
using Spigo.Gotocol;
using Spigo.Grains.Hosting;

namespace Spigo.Client.Cli;

/// <summary>One run of spigo: start the silo, drive the architecture, write what Edda recorded, summarise.</summary>
public sealed class Simulation(SpigoOptions options, SimulationPlan plan, TextWriter stdout, TextWriter stderr, bool interactive)
{
    private const int ReadPage = 50_000;
    private readonly SpigoLog _log = new(stderr);

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        if (!options.SeedGiven) _log.Info($"spigo: seed {options.Seed} (repeat this run with --seed {options.Seed})");
        if (plan.ReloadedFrom is not null) _log.Info($"{options.Arch}: reloading from {plan.ReloadedFrom}: {plan.Pirates.Count} nodes, {plan.Edges?.Count ?? 0} edges");

        await using var profiler = options.CpuProfile is null ? null : CpuProfiler.Start(options.CpuProfile);
        await using var silo = await EmbeddedSilo.StartAsync(new Archaius { MessageLog = options.MessageLog }, cancellationToken);
        var result = await RunOn(silo.Client, cancellationToken);
        clock.Stop();

        var summary = $"spigo: {options.Arch} {(result.Fsm.Missing.Count == 0 ? "complete" : "INCOMPLETE")}: {result.Fsm.Pirates} pirates, " +
            $"{result.Fsm.Delivered} messages delivered in {GoDuration.Format(result.Fsm.SetupTime)}, {result.Fsm.Buddies} edges, " +
            $"{result.Fsm.Goodbyes}/{result.Fsm.Pirates} Goodbyes, gold {result.Fsm.GoldReported}/{result.Fsm.GoldGiven} " +
            $"{(result.Fsm.GoldConserved ? "conserved" : "NOT conserved")}, {GoDuration.Format(clock.Elapsed)}" +
            (result.Files.Count > 0 ? $"; wrote {string.Join(", ", result.Files)}" : "");
        stdout.WriteLine(summary);
        if (result.Fsm.Missing.Count > 0) return SpigoApp.RuntimeFailure;
        if (!result.Fsm.GoldConserved)
        {
            stderr.WriteLine($"spigo: gold was not conserved: {result.Fsm.GoldGiven} given, {result.Fsm.GoldReported} reported");
            return SpigoApp.RuntimeFailure;
        }
        return SpigoApp.Ok;
    }

    /// <summary>The run itself against any cluster client; tests call this with a TestingHost cluster.</summary>
    public async Task<SimulationResult> RunOn(IClusterClient client, CancellationToken cancellationToken)
    {
        var edda = options.Records ? client.GetGrain<IEdda>($"{options.Arch}-{Guid.NewGuid():N}") : null;
        var progress = new ProgressLine(stderr, interactive);
        var fsm = await new FsmDriver(client, _log, progress).RunAsync(new FsmSettings
        {
            Arch = options.Arch,
            Pirates = plan.Pirates,
            Edges = plan.Edges,
            Duration = options.Duration,
            Seed = options.Seed,
            Timeout = options.Timeout,
            Edda = edda,
            Quiet = options.NoChat,
        }, cancellationToken);

        var files = new List<string>();
        if (edda is not null)
        {
            // Nodes, every edge the pirates reported, and one done entry per Goodbye.
            var expected = plan.Pirates.Count + fsm.Buddies + fsm.Goodbyes;
            var entries = await ReadEdda(edda, expected, cancellationToken);
            var document = new GraphDocument(options.Arch, GraphDocument.CurrentVersion, options.CommandLine, DateTime.UtcNow, entries);
            if (options.GraphJson)
            {
                var path = Path.Combine(options.OutputDirectory, options.FileStem + ".json");
                GraphJsonWriter.Write(document, path);
                files.Add(path);
            }
            if (options.GraphMl)
            {
                var path = Path.Combine(options.OutputDirectory, options.FileStem + ".graphml");
                GraphMlWriter.Write(document, path);
                files.Add(path);
            }
        }
        return new SimulationResult(fsm, files);
    }

    private async Task<List<EddaEntry>> ReadEdda(IEdda edda, long expected, CancellationToken cancellationToken)
    {
        // Pirates tell Edda one-way; wait until what they reported has landed (bounded by --timeout).
        var deadline = Stopwatch.StartNew();
        int count;
        while ((count = await edda.Count()) < expected && deadline.Elapsed < options.Timeout)
        {
            await Task.Delay(20, cancellationToken);
        }
        if (count < expected) _log.Info($"edda: {count} of {expected} entries arrived within {GoDuration.Format(options.Timeout)}; writing what arrived");
        var entries = new List<EddaEntry>(count);
        for (var from = 0; from < count; from += ReadPage)
        {
            entries.AddRange(await edda.Read(from, ReadPage));
        }
        return entries;
    }
}
