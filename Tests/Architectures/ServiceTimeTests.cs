using Spigo.Gotocol;

namespace Spigo.Tests.Architectures;

public class ServiceTimeTests
{
    [Theory]
    [InlineData("2ms", "fixed:2ms")]
    [InlineData("fixed:150us", "fixed:150us")]
    [InlineData("uniform:1ms:3ms", "uniform:1ms:3ms")]
    [InlineData("exp:2ms", "exp:2ms")]
    [InlineData("lognormal:2ms:0.5", "lognormal:2ms:0.5")]
    public void ParsesAndWritesBack(string text, string canonical)
    {
        Assert.True(ServiceTime.TryParse(text, out var time, out var error), error);
        Assert.Equal(canonical, time.ToString());
        Assert.True(ServiceTime.TryParse(canonical, out var again, out _));
        Assert.Equal(time, again);
    }

    [Fact]
    public void DrawsFollowTheirDistributions()
    {
        var random = new Random(7);
        double Uniform() => random.NextDouble();
        const int draws = 200_000;
        double Mean(string text)
        {
            Assert.True(ServiceTime.TryParse(text, out var time, out _));
            return Enumerable.Range(0, draws).Select(_ => time.Sample(Uniform).TotalMilliseconds).Average();
        }
        double Median(string text)
        {
            Assert.True(ServiceTime.TryParse(text, out var time, out _));
            var sorted = Enumerable.Range(0, draws).Select(_ => time.Sample(Uniform).TotalMilliseconds).Order().ToArray();
            return sorted[draws / 2];
        }

        Assert.Equal(2.0, Mean("fixed:2ms"), 6);
        Assert.InRange(Mean("uniform:1ms:3ms"), 1.99, 2.01);
        Assert.InRange(Mean("exp:2ms"), 1.98, 2.02);
        Assert.InRange(Median("lognormal:2ms:0.5"), 1.98, 2.02);
        // exp(sigma²/2) times the median is the log-normal mean.
        Assert.InRange(Mean("lognormal:2ms:0.5"), 2 * Math.Exp(0.125) * 0.99, 2 * Math.Exp(0.125) * 1.01);
        Assert.True(ServiceTime.TryParse("uniform:1ms:3ms", out var uniform, out _));
        Assert.All(Enumerable.Range(0, 1000), _ => Assert.InRange(uniform.Sample(Uniform).TotalMilliseconds, 1, 3));
    }

    [Fact]
    public void NoDrawIsLongerThanTheCap()
    {
        Assert.True(ServiceTime.TryParse("exp:60s", out var time, out _));
        // The draw for a uniform number just below 1 is over 20 minutes before the cap.
        Assert.Equal(ServiceTime.Max, time.Sample(() => 1 - 1e-9));
    }

    [Fact]
    public void NetworkDelaysDependOnDistance()
    {
        Assert.True(NetworkDelays.TryParse("200us,1ms,60ms", out var delays, out var error), error);
        Assert.Equal(NetworkDelays.Typical, delays);
        Assert.Equal("200us,1ms,60ms", delays.ToString());
        Assert.Equal(TimeSpan.FromMicroseconds(200), delays.Between("us-east-1", "zoneA", "us-east-1", "zoneA"));
        Assert.Equal(TimeSpan.FromMilliseconds(1), delays.Between("us-east-1", "zoneA", "us-east-1", "zoneB"));
        Assert.Equal(TimeSpan.FromMilliseconds(1), delays.Between("us-east-1", "*", "us-east-1", "*"));
        Assert.Equal(TimeSpan.FromMilliseconds(60), delays.Between("us-east-1", "zoneA", "eu-west-1", "zoneA"));
        Assert.Equal(TimeSpan.FromMilliseconds(1), delays.Between("*", "*", "eu-west-1", "zoneA"));
    }
}
