using System.Globalization;

namespace Spigo.Gotocol;

/// <summary>
/// What one instance of a service can do at once: <c>workers:4,queue:64</c> serves at most 4 requests at a time, each
/// holding a worker for its service time and, as a blocking thread-per-request server does, until its answer leaves
/// (<c>async</c>: the service time only); up to 64 more wait in arrival order; one that finds the queue full is refused
/// at once (overloaded). Written the same way in a json_arch "capacity" field, in --capacity and in the Inform that
/// hands it to a nanoservice.
/// </summary>
public readonly record struct Capacity(int Workers, int Queue, bool Async)
{
    /// <summary>Bounds that keep a file from asking for unbounded memory per instance.</summary>
    public const int MaxWorkers = 100_000;
    public const int MaxQueue = 1_000_000;

    private const string Example = "workers:4,queue:64 (and ,async when only the service time holds a worker)";

    public static bool TryParse(string? text, out Capacity capacity, out string error)
    {
        capacity = default;
        int? workers = null, queue = null;
        var async = false;
        foreach (var part in (text ?? "").Split(','))
        {
            var colon = part.IndexOf(':', StringComparison.Ordinal);
            var (name, value) = colon < 0 ? (part, null) : (part[..colon], part[(colon + 1)..]);
            switch (name)
            {
                case "workers" when value is not null:
                    if (!Whole(value, 1, MaxWorkers, out var w)) return Fail($"workers:{value}: must be a whole number from 1 to {MaxWorkers}", out error);
                    workers = w;
                    break;
                case "queue" when value is not null:
                    if (!Whole(value, 0, MaxQueue, out var q)) return Fail($"queue:{value}: must be a whole number from 0 to {MaxQueue}", out error);
                    queue = q;
                    break;
                case "async" when value is null:
                    async = true;
                    break;
                default:
                    return Fail($"\"{part}\" is not part of a capacity: expected {Example}", out error);
            }
        }
        if (workers is null) return Fail($"\"{text}\" says no workers: expected {Example}", out error);
        capacity = new Capacity(workers.Value, queue ?? 0, async);
        error = "";
        return true;
    }

    private static bool Whole(string text, int min, int max, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= min && value <= max;

    private static bool Fail(string message, out string error)
    {
        error = message;
        return false;
    }

    /// <summary>The form it is parsed from.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"workers:{Workers},queue:{Queue}{(Async ? ",async" : "")}");
}
