using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Spigo.Grains.Hosting;

/// <summary>
/// spigo's and spigo-silo's log layout: one line per entry, timestamped. Each category gets its own minimum level;
/// once <c>quiet</c> is cancelled (the run is over, interrupted, or the silo gave up joining) every category rises to
/// Critical, because what Orleans then says about messages still in flight is expected.
/// </summary>
public static class SpigoConsoleLogging
{
    public static ILoggingBuilder AddSpigoConsole(this ILoggingBuilder logging, LogLevel minimum, IEnumerable<(string Category, LogLevel Minimum)> categories,
        bool toStandardError, CancellationToken quiet)
    {
        logging.ClearProviders();
        logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
        });
        // Filter rules are chosen per category (the most specific wins), so each carries the quiet switch itself.
        logging.AddFilter((_, level) => level >= Least(minimum, quiet));
        foreach (var (category, least) in categories)
        {
            logging.AddFilter(category, level => level >= Least(least, quiet));
        }
        if (toStandardError) logging.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        return logging;
    }

    /// <summary>Quiet raises a category's minimum to Critical; it never lowers one (None stays None).</summary>
    private static LogLevel Least(LogLevel minimum, CancellationToken quiet) =>
        quiet.IsCancellationRequested && minimum < LogLevel.Critical ? LogLevel.Critical : minimum;
}
