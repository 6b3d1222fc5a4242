namespace Spigo.Edda;

/// <summary>
/// The events Edda records besides nodes, edges and ends: Put "subject kind:what" from the controller (a fault, its
/// end, an auto-scaler's action) or from a nanoservice (its breaker's change). The words here are the whole
/// vocabulary; the viewer's event strip reads the same words (Viewer/wwwroot/js/events.js).
/// </summary>
public static class EddaEvent
{
    public const string Partition = "partition";
    public const string PartitionHealed = "partition-healed";
    public const string Errors = "errors";
    public const string Latency = "latency";
    public const string Breaker = "breaker";
    public const string ScaleOut = "scale-out";
    public const string ScaleIn = "scale-in";

    /// <summary>The end of a fault of that kind: "gorilla-ended", "errors-ended", "latency-ended".</summary>
    public static string Ended(string kind) => kind + "-ended";

    /// <summary>"kind:what", e.g. "gorilla:21", "errors:50%", "scale-out:us-east-1.zoneA:+2".</summary>
    public static string Of(string kind, string what) => string.Concat(kind, ":", what);
}
