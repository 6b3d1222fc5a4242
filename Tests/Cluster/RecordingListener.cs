using System.Collections.Concurrent;
using Spigo.Gotocol;

namespace Spigo.Tests.Cluster;

/// <summary>A driver-side listener that keeps every message it hears, for tests to inspect.</summary>
public sealed class RecordingListener : IGotocolListener
{
    public ConcurrentQueue<GotocolMessage> Heard { get; } = new();

    public Task Listen(GotocolMessage message)
    {
        Heard.Enqueue(message);
        return Task.CompletedTask;
    }

    public async Task<bool> WaitFor(Func<IReadOnlyCollection<GotocolMessage>, bool> condition, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until)
        {
            if (condition(Heard.ToArray())) return true;
            await Task.Delay(20);
        }
        return condition(Heard.ToArray());
    }
}
