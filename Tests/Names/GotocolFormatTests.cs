using Spigo.Gotocol;
using Spigo.Grains.Hosting;

namespace Spigo.Tests.Names;

public class GotocolFormatTests
{
    [Theory]
    [InlineData("1s", 1000)]
    [InlineData("500ms", 500)]
    [InlineData("1m30s", 90_000)]
    [InlineData("2.5s", 2500)]
    [InlineData("0", 0)]
    public void ParsesGoDurations(string text, int milliseconds)
    {
        Assert.True(GoDuration.TryParse(text, out var value));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("10")]
    [InlineData("5 s")]
    [InlineData("1y")]
    [InlineData("-1s")]
    public void RejectsMalformedDurations(string text) => Assert.False(GoDuration.TryParse(text, out _));

    [Fact]
    public void FormatsDurationsWithTheLargestFittingUnit()
    {
        Assert.Equal("18.9us", GoDuration.Format(TimeSpan.FromTicks(189)));
        Assert.Equal("2.5s", GoDuration.Format(TimeSpan.FromMilliseconds(2500)));
        Assert.Equal("120ms", GoDuration.Format(TimeSpan.FromMilliseconds(120)));
    }

    [Fact]
    public void GoodbyeReportRoundTrips()
    {
        var report = new GoodbyeReport("fsm.*.*.pirate.pirate.Pirate7", 42, 3);
        Assert.Equal("fsm.*.*.pirate.pirate.Pirate7 gold=42 buddies=3", report.ToString());
        Assert.True(GoodbyeReport.TryParse(report.ToString(), out var back));
        Assert.Equal(report, back);
        Assert.False(GoodbyeReport.TryParse("fsm.*.*.pirate.pirate.Pirate7", out _));
    }

    [Fact]
    public void MessageLogLineHasSpigosShape()
    {
        var output = new StringWriter();
        var log = new GotocolLog(new Archaius { MessageLog = true }, output);
        log.Delivered("fsm.*.*.pirate.pirate.Pirate1", GotocolMessage.Create(Imposition.GoldCoin, null, "17"));
        Assert.Matches(@"^fsm\.\*\.\*\.pirate\.pirate\.Pirate1: gotocol: [0-9.]+(ns|us|ms|s) GoldCoin 17\r?\n$", output.ToString());
    }

    [Fact]
    public void MessageLogIsSilentWhenOff()
    {
        var output = new StringWriter();
        var log = new GotocolLog(new Archaius { MessageLog = false }, output);
        log.Delivered("x", GotocolMessage.Create(Imposition.Hello, null, "x"));
        Assert.False(log.Enabled);
        Assert.Equal("", output.ToString());
    }
}
