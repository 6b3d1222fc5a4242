using Spigo.Gotocol;

namespace Spigo.Grains.Services;

/// <summary>Answers: a dependency's answer goes back to whoever asked, and a request served here is answered or failed.</summary>
public abstract partial class ServiceGrain
{
    protected override Task OnGetResponse(GotocolMessage message)
    {
        Respond(message);
        FreeDueWorkers();
        return Task.CompletedTask;
    }

    /// <summary>A dependency's answer goes back to whoever asked this node (or fails its guarded attempt).</summary>
    private void Respond(GotocolMessage message)
    {
        if (!Pending.Remove(message.Trace.Span, out var pending)) return;
        var timed = false;
        if (pending.Edge is { } edge)
        {
            timed = Meter.TakeSample();
            edge.Answered(message.Outcome == Outcome.Failed, timed ? (SteadyClock.UtcNow - pending.Sent).TotalSeconds : null);
        }
        if (pending.Attempt is { } attempt && !Guarded.Answered(attempt, message.Outcome)) return;
        if (timed) Meter.Responded(pending.Attempt?.Arrived ?? pending.Since);
        Outbox.Send(pending.ReplyTo, new GotocolMessage(Imposition.GetResponse, Self, SteadyClock.UtcNow, message.Intention, pending.Trace, message.Outcome),
            TimeSpan.Zero, null);
        Released(pending.Trace, TimeSpan.Zero);
    }

    /// <summary>Answers a request directly: "key value" when found or stored, "key" alone when not (nothing when no answer is wanted).</summary>
    protected void Answer(GotocolMessage request, string intention, Outcome outcome = Outcome.Answered)
    {
        if (request.ReplyTo is not { } asker) return;
        if (Meter.Counting && Meter.TakeSample()) Meter.Served(_serving);
        Released(request.Trace, _serving);
        if (request.NoAnswer) return;
        Outbox.Send(asker, new GotocolMessage(Imposition.GetResponse, Self, SteadyClock.UtcNow + _serving, intention, request.Trace, outcome), _serving, null);
    }

    /// <summary>Answers that the request failed here: "key" alone, marked failed (nobody could serve it).</summary>
    protected void Fail(GotocolMessage request)
    {
        Meter.Failed();
        Answer(request, KeyOf(request.Intention), Outcome.Failed);
    }

    protected internal static string KeyOf(string intention)
    {
        var space = intention.IndexOf(' ');
        return space < 0 ? intention : intention[..space];
    }
}
