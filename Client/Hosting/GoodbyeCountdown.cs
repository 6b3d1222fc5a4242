namespace Spigo.Client.Hosting;

/// <summary>
/// The count-down of a run's Goodbyes: who is still awaited, who answered from a fresh activation (lost with its
/// silo), and a task that completes when nobody is left. Shared by the FSM's and the architecture driver's listeners.
/// </summary>
public sealed class GoodbyeCountdown
{
    private readonly HashSet<string> _waiting = new(StringComparer.Ordinal);
    private readonly List<string> _lost = [];
    private TaskCompletionSource _allGone = NewTask();

    public GoodbyeCountdown(IEnumerable<string>? names = null)
    {
        if (names is not null) Expect(names);
    }

    public Task AllGone
    {
        get { lock (_waiting) return _allGone.Task; }
    }

    /// <summary>Starts awaiting exactly <paramref name="names"/> (again, if a count-down was under way).</summary>
    public void Expect(IEnumerable<string> names)
    {
        lock (_waiting)
        {
            _waiting.Clear();
            _waiting.UnionWith(names);
            _allGone = NewTask();
            if (_waiting.Count == 0) _allGone.TrySetResult();
        }
    }

    /// <summary>
    /// Counts <paramref name="name"/>'s Goodbye; false if it was not awaited (unknown, or answered already).
    /// <paramref name="counted"/> runs for an awaited one before the count-down can complete, so whoever awaits
    /// <see cref="AllGone"/> sees what it added.
    /// </summary>
    public bool Answer(string name, bool lost, Action? counted = null)
    {
        lock (_waiting)
        {
            if (!_waiting.Remove(name)) return false;
            if (lost) _lost.Add(name);
            counted?.Invoke();
            if (_waiting.Count == 0) _allGone.TrySetResult();
            return true;
        }
    }

    public int Remaining
    {
        get { lock (_waiting) return _waiting.Count; }
    }

    /// <summary>Those that answered from a fresh activation: their silo was lost, and their state with it.</summary>
    public IReadOnlyList<string> Lost
    {
        get { lock (_waiting) return [.. _lost.Order(StringComparer.Ordinal)]; }
    }

    public IReadOnlyList<string> Missing(int max = int.MaxValue)
    {
        lock (_waiting) return [.. _waiting.Order(StringComparer.Ordinal).Take(max)];
    }

    private static TaskCompletionSource NewTask() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
