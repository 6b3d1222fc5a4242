using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Spigo.CommandLine;

namespace Spigo.Silo;

/// <summary>Parse, check, run until SIGTERM/Ctrl-C, stop gracefully; a failure is one line and a non-zero exit.</summary>
public static class SiloApp
{
    public const int UsageError = 2;

    /// <summary>spigo-silo with these arguments; <paramref name="environment"/> holds the SPIGO_* variables (null: this process's).</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, SiloEnvironment? environment = null)
    {
        var command = new SiloCommand(environment);
        var parse = command.Parse(args);
        if (parse.Errors.Count > 0)
        {
            var message = OneLine.Of(parse.Errors[0].Message);
            stderr.WriteLine(message.StartsWith('-') || message.StartsWith("SPIGO_", StringComparison.Ordinal)
                ? $"spigo-silo: {message}" : $"spigo-silo: {message} See 'spigo-silo --help' for the flags.");
            return UsageError;
        }
        if (parse.Action is not null) return await parse.InvokeAsync(new System.CommandLine.InvocationConfiguration { Output = stdout, Error = stderr });

        SiloOptions options;
        try
        {
            options = command.Bind(parse);
        }
        catch (Exception e) when (e is ArgumentException || e.InnerException is ArgumentException)
        {
            stderr.WriteLine($"spigo-silo: {OneLine.Of((e as ArgumentException ?? e.InnerException)!.Message)}");
            return UsageError;
        }
        if (PortInUse(options) is { } busy)
        {
            stderr.WriteLine($"spigo-silo: {busy}");
            return UsageError;
        }
        try
        {
            if (await DamagedTable(options) is { } bad)
            {
                stderr.WriteLine($"spigo-silo: {bad}; not joining");
                return 1;
            }
            return await Serve(options, stdout, stderr);
        }
        catch (StackExchange.Redis.RedisConnectionException e)
        {
            // Nothing answering, or something that does not speak Redis (an HTTP server, an echo): the address and why.
            // StackExchange.Redis follows its first sentence with advice to its programmers (abortConnect=false…).
            stderr.WriteLine($"spigo-silo: cannot use Redis at {options.Redis} (--redis) for the membership: {OneLine.Of(e.Message.Split(". ")[0])}");
            return 1;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            stderr.WriteLine($"spigo-silo: {e.GetType().Name}: {OneLine.Of(e.Message)}");
            return 1;
        }
    }

    /// <summary>
    /// What is wrong with a Redis membership table Orleans could not read: it would hold the silo at its start until
    /// --start-timeout, saying only that it did not join.
    /// </summary>
    private static async Task<string?> DamagedTable(SiloOptions options)
    {
        if (options.Clustering != SiloCommand.RedisClustering) return null;
        try
        {
            var rows = new MembershipRows(options.Redis, options.ServiceId, options.ClusterId);
            return await rows.FindBad(CancellationToken.None);
        }
        catch (StackExchange.Redis.RedisException e) when (e is not StackExchange.Redis.RedisConnectionException)
        {
            return null; // a Redis that answers but not this question (loading, no permission): Orleans' to try
        }
        catch (TimeoutException)
        {
            return null;
        }
    }

    /// <summary>Joins the cluster (or gives up after --start-timeout), then serves until SIGTERM or Ctrl-C.</summary>
    private static async Task<int> Serve(SiloOptions options, TextWriter stdout, TextWriter stderr)
    {
        using var quiet = new CancellationTokenSource();
        var app = SiloHost.Build(options, quiet.Token);
        (int Code, string Line) outcome;
        try
        {
            outcome = await Run(app, options, quiet, stdout);
        }
        finally
        {
            // The console logger writes from a queue of its own; disposing the host drains it, so the last line is spigo-silo's.
            await app.DisposeAsync();
        }
        (outcome.Code == 0 ? stdout : stderr).WriteLine(outcome.Line);
        return outcome.Code;
    }

    private static async Task<(int Code, string Line)> Run(WebApplication app, SiloOptions options, CancellationTokenSource quiet, TextWriter stdout)
    {
        // The log goes quiet a moment before start-up is abandoned, so Orleans' unwinding is not logged entry by entry.
        quiet.CancelAfter(options.StartTimeout);
        using (var joining = new CancellationTokenSource(options.StartTimeout + TimeSpan.FromMilliseconds(200)))
        {
            // SIGTERM or Ctrl-C while joining: what Orleans says as it unwinds is expected, and the stop is a normal one.
            var stopRequested = app.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
            var stopping = stopRequested.Register(quiet.Cancel);
            try
            {
                await app.StartAsync(joining.Token);
                await stopping.DisposeAsync();
                quiet.CancelAfter(Timeout.InfiniteTimeSpan);
            }
            // Orleans unwinds a start-up stopped by the signal with a cancellation or with a lifecycle failure of its own.
            catch (Exception e) when (!joining.IsCancellationRequested && (e is OperationCanceledException || stopRequested.IsCancellationRequested))
            {
                return (0, "spigo-silo: stopped before it had joined its cluster");
            }
            catch (OperationCanceledException) when (joining.IsCancellationRequested)
            {
                return (1, $"spigo-silo: did not join cluster {options.ClusterId} within {options.StartTimeout.TotalSeconds:0} s " +
                    (options.Clustering == SiloCommand.RedisClustering ? $"(is Redis at {options.Redis} reachable?)"
                        : options.Primary is { } primary ? $"(is the primary silo at {primary} running?)" : "") + "; giving up");
            }
        }
        var urls = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        stdout.WriteLine(SiloHost.Describe(options, urls));
        stdout.Flush();
        await app.WaitForShutdownAsync();
        return (0, "spigo-silo: stopped");
    }

    private static string? PortInUse(SiloOptions options) =>
        FreePort.FirstBusy(options.Listen, [("--silo-port", options.SiloPort), ("--gateway-port", options.GatewayPort), ("--http-port", options.HttpPort)]);
}
