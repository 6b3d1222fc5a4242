using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Spigo.Client.Hosting;

/// <summary>spigo's own log layout for the Orleans host inside it: one line per entry, timestamped, on stderr.</summary>
internal static class SpigoConsoleLogging
{
    public static void AddSpigoConsole(this IHostApplicationBuilder builder, LogLevel minimum)
    {
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
        });
        builder.Logging.AddFilter((category, level) => level >= minimum);
        // stdout carries only the summary line.
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
    }
}
