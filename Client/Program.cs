using Spigo.Client.Cli;
using Spigo.CommandLine;

if (!StandardStreams.Prepare("spigo")) return StandardStreams.ExitCode;
using var interruption = new Interruption(Console.Error);
var code = await SpigoApp.RunAsync(args, Console.Out, Console.Error, interactive: !Console.IsErrorRedirected, interruption.Token, endsWithProcess: true);
if (RuntimeStats.Asked) Console.Error.WriteLine(RuntimeStats.Line());
return code == SpigoApp.Interrupted ? interruption.ExitCode : code;
