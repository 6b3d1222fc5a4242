namespace Spigo.Grains.Services;

/// <summary>
/// The requests a service forwarded and still owes an answer for, by the span it sent them with. One whose answer
/// never came (its dependency left, its message was lost) is dropped after <see cref="Lifetime"/>: swept as requests
/// are added and at each Eureka poll, so a node without a poll interval does not keep them forever either.
/// </summary>
internal sealed class PendingRequests(Action<PendingRequest>? dropped = null)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    /// <summary>How often adding a request sweeps: each sweep walks every pending request.</summary>
    private static readonly TimeSpan SweepEvery = TimeSpan.FromSeconds(1);

    private readonly Dictionary<ulong, PendingRequest> _pending = [];
    private DateTime _swept = DateTime.MinValue;

    public int Count => _pending.Count;

    public void Add(ulong span, PendingRequest request)
    {
        _pending[span] = request;
        if (request.Since - _swept >= SweepEvery) Sweep(request.Since);
    }

    public bool Remove(ulong span, out PendingRequest request) => _pending.Remove(span, out request);

    public bool TryGet(ulong span, out PendingRequest request) => _pending.TryGetValue(span, out request);

    /// <summary>Drops what has waited longer than <see cref="Lifetime"/>; a guarded attempt frees its place in the bulkhead.</summary>
    public void Sweep(DateTime now)
    {
        _swept = now;
        if (_pending.Count == 0) return;
        var old = now - Lifetime;
        foreach (var (span, pending) in _pending.Where(p => p.Value.Since < old).ToArray())
        {
            _pending.Remove(span);
            if (pending.Attempt is { } attempt) attempt.Guard.InFlight--;
            dropped?.Invoke(pending);
        }
    }
}
