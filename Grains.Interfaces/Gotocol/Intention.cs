namespace Spigo.Gotocol;

/// <summary>Intentions that carry two words, such as Inform's "source target" or Hello's "name package".</summary>
public static class Intention
{
    /// <summary>
    /// The intention of the Inform that follows the Hello of a replacement: Asgard set this nanoservice up again after
    /// its silo was lost, so its state is gone (it reports itself lost at Goodbye, a storage node repairs its data).
    /// </summary>
    public const string Replacement = "replacement";

    /// <summary>
    /// The intention of the Inform that follows the Hello of a nanoservice a fault had stopped for a while (--chaos
    /// gorilla:…@T+D): Asgard set it up again, empty as a replacement is (it asks its registries afresh, a storage node
    /// repairs its data, a registry copies its peers), but it was not lost with a silo, so it says a normal Goodbye.
    /// </summary>
    public const string Restored = "restored";

    /// <summary>Inform "latency &lt;service time&gt;": how long this service takes over each request (<see cref="ServiceTime"/>).</summary>
    public const string Latency = "latency";

    /// <summary>Inform "network &lt;same,zone,region&gt;": the delay of each hop by distance (<see cref="NetworkDelays"/>).</summary>
    public const string Network = "network";

    /// <summary>Inform "resilience &lt;dependency&gt;=&lt;policy&gt;": how to call that dependency (<see cref="ResiliencePolicy"/>; "*" for every one).</summary>
    public const string Resilience = "resilience";

    /// <summary>Inform "errors &lt;share&gt;": fail that share (0 to 1) of the requests this service serves (the latency monkey's failures).</summary>
    public const string Errors = "errors";

    /// <summary>
    /// Inform "repair" to a ring node (Cassandra, Riak): ask every peer again for the keys it owns, as an operator runs a
    /// repair after a partition heals.
    /// </summary>
    public const string Repair = "repair";

    /// <summary>Inform "capacity &lt;workers:N,queue:M[,async]&gt;": what one instance serves at once (<see cref="Capacity"/>).</summary>
    public const string Capacity = "capacity";

    /// <summary>
    /// Inform "worker-free" that a service sends itself through the silo's delay line when a request's service time is
    /// over: the worker it held is free for the next request waiting.
    /// </summary>
    public const string WorkerFree = "worker-free";

    /// <summary>
    /// Inform "drain &lt;grace&gt;" from the auto-scaler: leave the registries, serve what still arrives, and once the grace
    /// has passed with nothing in hand, tell the controller <see cref="Drained"/>.
    /// </summary>
    public const string Drain = "drain";

    /// <summary>Inform "drained &lt;name&gt;" to the controller: this instance is idle and unregistered, ready to go.</summary>
    public const string Drained = "drained";

    /// <summary>The value of the answer to a request refused because the queue was full (with <see cref="Outcome.Failed"/>).</summary>
    public const string Overloaded = "overloaded";

    /// <summary>The value a read answered by a fallback carries: "key fallback".</summary>
    public const string FallbackValue = "fallback";

    public static string Pair(string first, string second) => string.Concat(first, " ", second);

    public static bool TrySplitPair(string intention, out string first, out string second)
    {
        var space = intention.IndexOf(' ');
        if (space <= 0 || space == intention.Length - 1 || intention.IndexOf(' ', space + 1) >= 0)
        {
            first = second = string.Empty;
            return false;
        }
        first = intention[..space];
        second = intention[(space + 1)..];
        return true;
    }
}
