using Spigo.CommandLine;
using Spigo.Silo;

if (!StandardStreams.Prepare("spigo-silo")) return StandardStreams.ExitCode;
return await SiloApp.RunAsync(args, Console.Out, Console.Error);
