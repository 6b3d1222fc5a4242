namespace Spigo.Runs;

/// <summary>What one silo's instances of a service did to protect themselves from one dependency, for the run's summary.</summary>
[GenerateSerializer, Immutable, Alias("spigo.ResilienceShare")]
public sealed record ResilienceShare(
    [property: Id(0)] string Service,
    [property: Id(1)] string Dependency,
    [property: Id(2)] long Retries,
    [property: Id(3)] long Timeouts,
    [property: Id(4)] long Fallbacks,
    [property: Id(5)] long BreakerRejections,
    [property: Id(6)] long BulkheadRejections,
    [property: Id(7)] long BudgetDenials,
    [property: Id(8)] long BreakerOpenings,
    [property: Id(9)] long Attempts = 0);
