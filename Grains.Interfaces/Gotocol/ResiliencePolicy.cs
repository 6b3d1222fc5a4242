using System.Globalization;

namespace Spigo.Gotocol;

/// <summary>
/// How a service protects itself from one dependency (Hystrix and Ribbon's patterns): a timeout per attempt, retries
/// with exponential back-off inside a retry budget, a circuit breaker (open after so many failures in a row, half-open
/// after a while), a bulkhead (at most so many requests in flight to the dependency) and a fallback answer for reads.
/// Written the same way in a json_arch "resilience" entry, in --resilience and in the Inform that hands it to a
/// nanoservice: <c>timeout:50ms,retries:2,backoff:10ms,budget:20%,breaker:5/5s,bulkhead:32,fallback</c>, any subset.
/// </summary>
public sealed record ResiliencePolicy
{
    /// <summary>The dependency a policy is given for when it is for every dependency without one of its own.</summary>
    public const string AnyDependency = "*";

    public static readonly TimeSpan MaxTimeout = TimeSpan.FromSeconds(60);
    public const int MaxRetries = 10;
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(10);
    public const int MaxBreakerFailures = 1000;
    public static readonly TimeSpan MaxBreakerOpen = TimeSpan.FromMinutes(10);
    public const int MaxBulkhead = 100_000;

    /// <summary>How long one attempt may take before it counts as failed; null: no limit of its own.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Attempts after the first, each to another instance when there is one.</summary>
    public int Retries { get; init; }

    /// <summary>The wait before the first retry, doubled before each further one.</summary>
    public TimeSpan Backoff { get; init; }

    /// <summary>Retries may add at most this share of the requests (plus a reserve of ten), so they cannot multiply an overload.</summary>
    public double RetryBudget { get; init; } = 1;

    /// <summary>Failures in a row that open the breaker; 0: no breaker.</summary>
    public int BreakerFailures { get; init; }

    /// <summary>How long an open breaker fails requests at once before letting one trial through (half-open).</summary>
    public TimeSpan BreakerOpen { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Requests in flight to the dependency at most; 0: no bulkhead.</summary>
    public int Bulkhead { get; init; }

    /// <summary>A read that cannot be served (breaker open, bulkhead full, every attempt failed) is answered "key fallback".</summary>
    public bool Fallback { get; init; }

    public const string Example = "timeout:50ms,retries:2,backoff:10ms,budget:20%,breaker:5/5s,bulkhead:32,fallback";

    public static bool TryParse(string? text, out ResiliencePolicy policy, out string error)
    {
        policy = new ResiliencePolicy();
        if (string.IsNullOrWhiteSpace(text))
        {
            error = $"an empty policy: expected e.g. {Example}";
            return false;
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var part in text.Split(','))
        {
            var colon = part.IndexOf(':', StringComparison.Ordinal);
            var name = colon < 0 ? part : part[..colon];
            var value = colon < 0 ? null : part[(colon + 1)..];
            if (!seen.Add(name))
            {
                error = $"\"{name}\" is given twice";
                return false;
            }
            if (!Apply(policy, name, value, out policy, out error)) return false;
        }
        error = "";
        return true;
    }

    private static bool Apply(ResiliencePolicy current, string name, string? value, out ResiliencePolicy policy, out string error)
    {
        policy = current;
        error = "";
        switch (name)
        {
            case "fallback" when value is null:
                policy = current with { Fallback = true };
                return true;
            case "timeout" when Duration(name, value, TimeSpan.FromMilliseconds(1), MaxTimeout, out var timeout, out error):
                policy = current with { Timeout = timeout };
                return true;
            case "retries" when Whole(name, value, 0, MaxRetries, out var retries, out error):
                policy = current with { Retries = retries };
                return true;
            case "backoff" when Duration(name, value, TimeSpan.Zero, MaxBackoff, out var backoff, out error):
                policy = current with { Backoff = backoff };
                return true;
            case "budget" when Share(value, out var budget, out error):
                policy = current with { RetryBudget = budget };
                return true;
            case "bulkhead" when Whole(name, value, 1, MaxBulkhead, out var bulkhead, out error):
                policy = current with { Bulkhead = bulkhead };
                return true;
            case "breaker":
                var slash = value?.IndexOf('/', StringComparison.Ordinal) ?? -1;
                if (slash < 0)
                {
                    error = $"breaker:{value}: expected breaker:FAILURES/OPEN, e.g. breaker:5/5s";
                    return false;
                }
                if (!Whole("breaker failures", value![..slash], 1, MaxBreakerFailures, out var failures, out error)) return false;
                if (!Duration("breaker open", value[(slash + 1)..], TimeSpan.FromMilliseconds(1), MaxBreakerOpen, out var open, out error)) return false;
                policy = current with { BreakerFailures = failures, BreakerOpen = open };
                return true;
            case "timeout" or "retries" or "backoff" or "budget" or "bulkhead":
                return false;
            default:
                error = $"\"{name}{(value is null ? "" : ":" + value)}\" is not part of a policy: expected e.g. {Example}";
                return false;
        }
    }

    private static bool Duration(string name, string? value, TimeSpan min, TimeSpan max, out TimeSpan result, out string error)
    {
        if (!GoDuration.TryParse(value, out result))
        {
            error = $"{name}:{value}: \"{value}\" is not a duration (e.g. 50ms, 1.5s)";
            return false;
        }
        if (result < min || result > max)
        {
            error = $"{name}:{value}: must be from {GoDuration.Format(min)} to {GoDuration.Format(max)}";
            return false;
        }
        error = "";
        return true;
    }

    private static bool Whole(string name, string? value, int min, int max, out int result, out string error)
    {
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out result) || result < min || result > max)
        {
            error = $"{name}:{value}: must be a whole number from {min} to {max}";
            return false;
        }
        error = "";
        return true;
    }

    private static bool Share(string? value, out double result, out string error)
    {
        if (!PlainNumber.TryParseShare(value, signRequired: false, out result))
        {
            error = $"budget:{value}: must be a share from 0% to 100%";
            return false;
        }
        error = "";
        return true;
    }

    /// <summary>The form it is parsed from: only what differs from no protection at all.</summary>
    public override string ToString()
    {
        var parts = new List<string>();
        if (Timeout is { } timeout) parts.Add($"timeout:{GoDuration.Format(timeout)}");
        if (Retries > 0) parts.Add($"retries:{Retries}");
        if (Backoff > TimeSpan.Zero) parts.Add($"backoff:{GoDuration.Format(Backoff)}");
        if (RetryBudget < 1) parts.Add($"budget:{(RetryBudget * 100).ToString("0.##", CultureInfo.InvariantCulture)}%");
        if (BreakerFailures > 0) parts.Add($"breaker:{BreakerFailures}/{GoDuration.Format(BreakerOpen)}");
        if (Bulkhead > 0) parts.Add($"bulkhead:{Bulkhead}");
        if (Fallback) parts.Add("fallback");
        return string.Join(',', parts);
    }
}
