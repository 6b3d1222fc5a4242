using Spigo.Client.Cli;

namespace Spigo.Tests.Cli;

/// <summary>Runs the spigo command in this process, capturing what it prints.</summary>
internal static class CliRunner
{
    public sealed record Outcome(int ExitCode, string Out, string Err);

    public static async Task<Outcome> Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await SpigoApp.RunAsync(args, stdout, stderr, interactive: false, CancellationToken.None);
        return new Outcome(code, stdout.ToString(), stderr.ToString());
    }
}
