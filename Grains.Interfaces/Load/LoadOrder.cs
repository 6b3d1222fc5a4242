namespace Spigo.Load;

/// <summary>
/// What one load generator is to send: into which root of the architecture, the offered rate (of which it sends the
/// share it is given), how its requests are named (trace spans from <see cref="TraceBase"/> and its number, keys
/// "key{seed}-{generator}.{n}"), how many of its requests may be in flight at once, and when the driver gives up on one.
/// </summary>
[GenerateSerializer, Immutable, Alias("spigo.LoadOrder")]
public sealed record LoadOrder(
    [property: Id(0)] string Root,
    [property: Id(1)] RateCurve Curve,
    [property: Id(2)] bool Poisson,
    [property: Id(3)] int Seed,
    [property: Id(4)] int Generator,
    [property: Id(5)] ulong TraceBase,
    [property: Id(6)] int InFlightCap,
    [property: Id(7)] TimeSpan RequestTimeout);
