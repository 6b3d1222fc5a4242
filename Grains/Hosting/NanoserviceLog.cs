using Microsoft.Extensions.Logging;

namespace Spigo.Grains.Hosting;

/// <summary>What nanoservices say in the silo's log (source-generated, so a disabled level costs one test).</summary>
public static partial class NanoserviceLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "{Name} came back empty on {Silo}: asking its controller to set it up again")]
    public static partial void AskingForRebuild(ILogger logger, string name, string silo);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "{Name} came back empty but no run book names a controller for {Arch} (its run has ended): it stays empty")]
    public static partial void NoRunBook(ILogger logger, string name, string arch);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "{Name} could not ask to be set up again")]
    public static partial void RebuildFailed(ILogger logger, Exception exception, string name);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "{Name}: a chat tick could not reach its buddy; the coins stay with the giver")]
    public static partial void ChatFailed(ILogger logger, Exception exception, string name);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "{Name}: a request had already made {Hops} hops, so it was failed instead of passed on (a loop in the architecture?)")]
    public static partial void HopBudgetSpent(ILogger logger, string name, int hops);
}
