using Spigo.Gotocol;

namespace Spigo.Client.Fsm;

/// <summary>
/// The FSM's listener channel, living in the driver: pirates send their Goodbye here. It counts them down,
/// adds up the gold and buddies they report, and knows who has not answered yet.
/// </summary>
public sealed class FsmListener : IGotocolListener
{
    private readonly HashSet<string> _waiting;
    private readonly TaskCompletionSource _allGone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _gold;
    private long _buddies;
    private int _unexpected;
    private readonly List<string> _lost = [];

    public FsmListener(IEnumerable<string> pirates)
    {
        _waiting = new HashSet<string>(pirates, StringComparer.Ordinal);
        if (_waiting.Count == 0) _allGone.TrySetResult();
    }

    public Task AllGone => _allGone.Task;
    public long Gold => Interlocked.Read(ref _gold);
    public long Buddies => Interlocked.Read(ref _buddies);
    public int Unexpected => Volatile.Read(ref _unexpected);

    /// <summary>Pirates that answered Goodbye from a fresh activation: their silo was lost, their gold with it.</summary>
    public IReadOnlyList<string> Lost
    {
        get { lock (_waiting) return [.. _lost.Order(StringComparer.Ordinal)]; }
    }

    public int Remaining
    {
        get { lock (_waiting) return _waiting.Count; }
    }

    public IReadOnlyList<string> Missing(int max)
    {
        lock (_waiting) return _waiting.Order(StringComparer.Ordinal).Take(max).ToArray();
    }

    public Task Listen(GotocolMessage message)
    {
        if (message.Imposition == Imposition.Goodbye && GoodbyeReport.TryParseLost(message.Intention, out var lost))
        {
            lock (_waiting)
            {
                if (!_waiting.Remove(lost))
                {
                    _unexpected++;
                    return Task.CompletedTask;
                }
                _lost.Add(lost);
                if (_waiting.Count == 0) _allGone.TrySetResult();
            }
            return Task.CompletedTask;
        }
        if (message.Imposition != Imposition.Goodbye || !GoodbyeReport.TryParse(message.Intention, out var report))
        {
            Interlocked.Increment(ref _unexpected);
            return Task.CompletedTask;
        }
        bool last;
        lock (_waiting)
        {
            if (!_waiting.Remove(report.Name))
            {
                _unexpected++;
                return Task.CompletedTask;
            }
            last = _waiting.Count == 0;
        }
        Interlocked.Add(ref _gold, report.Gold);
        Interlocked.Add(ref _buddies, report.Buddies);
        if (last) _allGone.TrySetResult();
        return Task.CompletedTask;
    }
}
