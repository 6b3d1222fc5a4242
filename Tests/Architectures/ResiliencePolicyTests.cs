using Spigo.Gotocol;

namespace Spigo.Tests.Architectures;

public class ResiliencePolicyTests
{
    [Theory]
    [InlineData("timeout:50ms,retries:2,backoff:10ms,budget:20%,breaker:5/5s,bulkhead:32,fallback")]
    [InlineData("retries:3")]
    [InlineData("fallback")]
    [InlineData("breaker:1/250ms")]
    [InlineData("budget:0%,retries:1")]
    public void APolicyIsWrittenTheWayItIsRead(string text)
    {
        Assert.True(ResiliencePolicy.TryParse(text, out var policy, out var error), error);
        Assert.True(ResiliencePolicy.TryParse(policy.ToString(), out var again, out error), error);
        Assert.Equal(policy, again);
    }

    [Fact]
    public void EveryPartLandsWhereItBelongs()
    {
        Assert.True(ResiliencePolicy.TryParse("timeout:50ms,retries:2,backoff:10ms,budget:20%,breaker:5/3s,bulkhead:32,fallback", out var p, out _));
        Assert.Equal(TimeSpan.FromMilliseconds(50), p.Timeout);
        Assert.Equal(2, p.Retries);
        Assert.Equal(TimeSpan.FromMilliseconds(10), p.Backoff);
        Assert.Equal(0.2, p.RetryBudget, 6);
        Assert.Equal(5, p.BreakerFailures);
        Assert.Equal(TimeSpan.FromSeconds(3), p.BreakerOpen);
        Assert.Equal(32, p.Bulkhead);
        Assert.True(p.Fallback);
        // Left out, each part protects nothing: no timeout, no retries, an unlimited budget, no breaker, no bulkhead.
        Assert.True(ResiliencePolicy.TryParse("fallback", out var bare, out _));
        Assert.Equal((null, 0, 1.0, 0, 0), (bare.Timeout, bare.Retries, bare.RetryBudget, bare.BreakerFailures, bare.Bulkhead));
    }

    [Theory]
    [InlineData("", "an empty policy: expected e.g. timeout:50ms,retries:2,backoff:10ms,budget:20%,breaker:5/5s,bulkhead:32,fallback")]
    [InlineData("timeout:soon", "timeout:soon: \"soon\" is not a duration (e.g. 50ms, 1.5s)")]
    [InlineData("timeout:0s", "timeout:0s: must be from 1ms to 60s")]
    [InlineData("backoff:11s", "backoff:11s: must be from 0s to 10s")]
    [InlineData("bulkhead:0", "bulkhead:0: must be a whole number from 1 to 100000")]
    [InlineData("breaker:0/1s", "breaker failures:0: must be a whole number from 1 to 1000")]
    [InlineData("breaker:5/11m", "breaker open:11m: must be from 1ms to 600s")]
    [InlineData("fallback:yes", "\"fallback:yes\" is not part of a policy: expected e.g. timeout:50ms,retries:2,backoff:10ms,budget:20%,breaker:5/5s,bulkhead:32,fallback")]
    public void ABadPolicyIsOneLineNamingThePart(string text, string expected)
    {
        Assert.False(ResiliencePolicy.TryParse(text, out _, out var error));
        Assert.Equal(expected, error);
    }
}
