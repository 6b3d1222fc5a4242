using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Spigo.Silo;

/// <summary>Parse, check, run until SIGTERM/Ctrl-C, stop gracefully; a failure is one line and a non-zero exit.</summary>
public static class SiloApp
{
    public const int UsageError = 2;

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var command = new SiloCommand();
        var parse = command.Parse(args);
        if (parse.Errors.Count > 0)
        {
            stderr.WriteLine($"spigo-silo: {parse.Errors[0].Message}");
            stderr.WriteLine("Try 'spigo-silo --help' for the flags.");
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
            stderr.WriteLine($"spigo-silo: {(e as ArgumentException ?? e.InnerException)!.Message}");
            return UsageError;
        }

        try
        {
            await using var app = SiloHost.Build(options);
            await app.StartAsync();
            var urls = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            stdout.WriteLine(SiloHost.Describe(options, urls));
            stdout.Flush();
            await app.WaitForShutdownAsync();
            stdout.WriteLine("spigo-silo: stopped");
            return 0;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            stderr.WriteLine($"spigo-silo: {e.GetType().Name}: {e.Message}");
            return 1;
        }
    }
}
