using Spigo.Client.Hosting;
using Spigo.Gotocol;

namespace Spigo.Client.Fsm;

/// <summary>
/// The FSM's listener channel, living in the driver: pirates send their Goodbye here. It counts them down,
/// adds up the gold and buddies they report, and knows who has not answered yet.
/// </summary>
public sealed class FsmListener(IEnumerable<string> pirates) : IGotocolListener
{
    private readonly GoodbyeCountdown _countdown = new(pirates);
    private long _gold;
    private long _buddies;
    private int _unexpected;

    public Task AllGone => _countdown.AllGone;
    public long Gold => Interlocked.Read(ref _gold);
    public long Buddies => Interlocked.Read(ref _buddies);
    public int Unexpected => Volatile.Read(ref _unexpected);

    /// <summary>Pirates that answered Goodbye from a fresh activation: their silo was lost, their gold with it.</summary>
    public IReadOnlyList<string> Lost => _countdown.Lost;

    public int Remaining => _countdown.Remaining;

    public IReadOnlyList<string> Missing(int max) => _countdown.Missing(max);

    public Task Listen(GotocolMessage message)
    {
        if (message.Imposition == Imposition.Goodbye && GoodbyeReport.TryParseLost(message.Intention, out var lost))
        {
            if (!_countdown.Answer(lost, lost: true)) Interlocked.Increment(ref _unexpected);
        }
        else if (message.Imposition == Imposition.Goodbye && GoodbyeReport.TryParse(message.Intention, out var report))
        {
            var counted = _countdown.Answer(report.Name, lost: false, () =>
            {
                Interlocked.Add(ref _gold, report.Gold);
                Interlocked.Add(ref _buddies, report.Buddies);
            });
            if (!counted) Interlocked.Increment(ref _unexpected);
        }
        else
        {
            Interlocked.Increment(ref _unexpected);
        }
        return Task.CompletedTask;
    }
}
