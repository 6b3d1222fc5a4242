using Spigo.Client.Architectures;

namespace Spigo.Tests.Architectures;

public class FaultTests
{
    [Theory]
    [InlineData("monkey:homepage@1s+2s", "monkey", "homepage", 1.0, 2.0)]
    [InlineData("gorilla:us-east-1.zoneA@4s+4s", "gorilla", "us-east-1.zoneA", 4.0, 4.0)]
    [InlineData("kong:us-west-2@3s+500ms", "kong", "us-west-2", 3.0, 0.5)]
    [InlineData("gorilla:us-east-1.zoneA@10s", "gorilla", "us-east-1.zoneA", 10.0, null)]
    [InlineData("monkey:homepage@0s", "monkey", "homepage", 0.0, null)]
    public void StoppingFaultsLastForGoodOrForD(string text, string kind, string target, double at, double? seconds)
    {
        Assert.True(Fault.TryParse(text, out var fault, out var error), error);
        Assert.Equal(kind, fault.Kind);
        Assert.Equal(target, fault.Target);
        Assert.Equal(TimeSpan.FromSeconds(at), fault.At);
        Assert.Equal(seconds is { } s ? TimeSpan.FromSeconds(s) : null, fault.For);
        Assert.True(fault.Stops);
    }

    [Theory]
    [InlineData("gorilla:us-east-1.zoneA@1s+0s", "\"0s\" is not a duration longer than 0 (e.g. 10s)")]
    [InlineData("kong:us-west-2@1s+-5s", "\"-5s\" is not a duration longer than 0 (e.g. 10s)")]
    [InlineData("monkey:homepage@1s+a while", "\"a while\" is not a duration (e.g. 10s)")]
    [InlineData("partition:us-east-1/us-west-2@1s+0s", "\"0s\" is not a duration longer than 0 (e.g. 10s)")]
    public void ADurationMustBeOneAndLongerThanZero(string text, string expected)
    {
        Assert.False(Fault.TryParse(text, out _, out var error));
        Assert.Equal(expected, error);
    }
}
