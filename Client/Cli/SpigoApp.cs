using System.CommandLine;
using Spigo.CommandLine;

namespace Spigo.Client.Cli;

/// <summary>The whole command: parse, check, run; every failure is one line and an exit code.</summary>
public static class SpigoApp
{
    public const int Ok = 0;
    public const int RuntimeFailure = 1;

    /// <summary>Cancelled by Ctrl-C or a signal: 128 + SIGINT, as shells report it.</summary>
    public const int Interrupted = 130;

    /// <remarks><c>endsWithProcess</c>: the caller exits once this returns (Program, not a test).</remarks>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, bool interactive, CancellationToken cancellationToken,
        bool endsWithProcess = false)
    {
        if (args.Length > 0 && args[0] == "experiment")
        {
            return await Experiments.ExperimentApp.RunAsync(args[1..], stdout, stderr, interactive, cancellationToken);
        }
        if (args.Length > 0 && args[0] == "import") return await Import.ImportApp.RunAsync(args[1..], stdout, stderr, cancellationToken);
        var command = new SpigoCommand();
        var parse = command.Parse(args);
        if (parse.Errors.Count > 0)
        {
            // Our own checks name the flag first; the parser's messages get a pointer to the list of flags.
            var message = OneLine.Of(parse.Errors[0].Message);
            stderr.WriteLine(message.StartsWith('-') ? $"spigo: {message}" : $"spigo: {message} See 'spigo --help' for the flags.");
            return UsageException.ExitCode;
        }
        if (parse.Action is not null)
        {
            // --help or --version.
            return await parse.InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr }, cancellationToken);
        }

        try
        {
            var options = command.Bind(parse, args);
            var plan = SimulationPlan.Create(options);
            return await new Simulation(options, plan, stdout, stderr, interactive, endsWithProcess).RunAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return Failed(e, stderr, cancellationToken);
        }
    }

    /// <summary>
    /// One line for what ended the run, and its exit code: a usage mistake, an unreachable cluster, an output that could
    /// not be written (a full disk, say: the message names the file and the reason), an interruption (whatever it
    /// surfaced as: Orleans' own lifecycle exception during start-up, say), or anything else.
    /// </summary>
    private static int Failed(Exception e, TextWriter stderr, CancellationToken cancellationToken)
    {
        var (line, code) = e switch
        {
            UsageException => ($"spigo: {OneLine.Of(e.Message)}", UsageException.ExitCode),
            Hosting.ClusterUnreachableException => ($"spigo: {OneLine.Of(e.Message)}", RuntimeFailure),
            IOException when !cancellationToken.IsCancellationRequested => ($"spigo: run failed: {OneLine.Of(e.Message)}", RuntimeFailure),
            _ when cancellationToken.IsCancellationRequested => ("spigo: interrupted; no output written", Interrupted),
            _ => ($"spigo: run failed: {e.GetType().Name}: {OneLine.Of(e.Message)}", RuntimeFailure),
        };
        stderr.WriteLine(line);
        return code;
    }
}
