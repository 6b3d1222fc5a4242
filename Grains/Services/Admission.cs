namespace Spigo.Grains.Services;

/// <summary>What a <see cref="WorkerPool"/> does with a request that arrives.</summary>
internal enum Admission
{
    /// <summary>A worker was free and serves it now.</summary>
    Start,

    /// <summary>Every worker is busy: it waits its turn.</summary>
    Queued,

    /// <summary>Every worker is busy and the queue is full: it is refused at once (overloaded).</summary>
    Refused,
}
