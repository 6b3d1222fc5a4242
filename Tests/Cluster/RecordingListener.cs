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

    public Task<bool> WaitFor(Func<IReadOnlyCollection<GotocolMessage>, bool> condition, TimeSpan timeout) =>
        Eventually.Within(timeout, () => condition(Heard.ToArray()));
}
