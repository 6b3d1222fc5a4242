using Spigo.Gotocol;

namespace Spigo.Client.Architectures;

/// <summary>
/// The driver's listener: Goodbyes count down the nanoservices; GetResponses go to the traffic meter; a Hello is a
/// nanoservice that came back empty asking to be set up again.
/// </summary>
public sealed class ArchitectureListener(TrafficMeter meter) : IGotocolListener
{
    private readonly HashSet<string> _waiting = new(StringComparer.Ordinal);
    private readonly List<string> _lost = [];
    private TaskCompletionSource _allGone = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Func<GotocolMessage, bool>? Probe { get; set; }

    /// <summary>Called with the name of a nanoservice that says Hello: it came back empty and asks to be set up again.</summary>
    public Func<string, Task>? Replace { get; set; }

    public Task AllGone => _allGone.Task;

    public void ExpectGoodbyes(IEnumerable<string> names)
    {
        lock (_waiting)
        {
            _waiting.Clear();
            _waiting.UnionWith(names);
            _allGone = new(TaskCreationOptions.RunContinuationsAsynchronously);
            if (_waiting.Count == 0) _allGone.TrySetResult();
        }
    }

    /// <summary>Nanoservices that answered Goodbye from a fresh activation: their silo was lost.</summary>
    public IReadOnlyList<string> Lost()
    {
        lock (_waiting) return [.. _lost.Order(StringComparer.Ordinal)];
    }

    public IReadOnlyList<string> Missing()
    {
        lock (_waiting) return [.. _waiting.Order(StringComparer.Ordinal)];
    }

    public Task Listen(GotocolMessage message)
    {
        switch (message.Imposition)
        {
            case Imposition.Hello:
                if (Replace is { } replace) _ = replace(message.Intention);
                break;
            case Imposition.GetResponse:
                if (Probe?.Invoke(message) != true) meter.Answer(message);
                break;
            case Imposition.Goodbye:
                lock (_waiting)
                {
                    var lost = GoodbyeReport.TryParseLost(message.Intention, out var name);
                    if (!_waiting.Remove(lost ? name : message.Intention)) break;
                    if (lost) _lost.Add(name);
                    if (_waiting.Count == 0) _allGone.TrySetResult();
                }
                break;
        }
        return Task.CompletedTask;
    }
}
