using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Spigo.Grains.Hosting;

namespace Spigo.Tests.Hosting;

public class SpigoConsoleLoggingTests
{
    [Fact]
    public void EachCategoryHasItsOwnLevelUntilTheRunFallsQuiet()
    {
        using var quiet = new CancellationTokenSource();
        using var services = new ServiceCollection()
            .AddLogging(logging => logging.AddSpigoConsole(LogLevel.Warning, [("Orleans.Runtime.Watchdog", LogLevel.Error), ("Polly", LogLevel.None)],
                toStandardError: true, quiet.Token))
            .BuildServiceProvider();
        var factory = services.GetRequiredService<ILoggerFactory>();
        var any = factory.CreateLogger("Orleans.Runtime.Messaging.MessageCenter");
        var watchdog = factory.CreateLogger("Orleans.Runtime.Watchdog");
        var polly = factory.CreateLogger("Polly");

        Assert.False(any.IsEnabled(LogLevel.Trace));
        Assert.False(any.IsEnabled(LogLevel.Information));
        Assert.True(any.IsEnabled(LogLevel.Warning));
        Assert.False(watchdog.IsEnabled(LogLevel.Warning));
        Assert.True(watchdog.IsEnabled(LogLevel.Error));
        Assert.False(polly.IsEnabled(LogLevel.Critical));

        quiet.Cancel();
        Assert.False(any.IsEnabled(LogLevel.Error));
        Assert.True(any.IsEnabled(LogLevel.Critical));
        Assert.False(watchdog.IsEnabled(LogLevel.Error));
        Assert.False(polly.IsEnabled(LogLevel.Critical));
    }
}
