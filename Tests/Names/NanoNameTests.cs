using Spigo.Names;

namespace Spigo.Tests.Names;

public class NanoNameTests
{
    [Fact]
    public void ParsesTheSixParts()
    {
        var name = NanoName.Parse("netflixoss.us-east-1.zoneA.cassTurtle.priamCassandra.cassTurtle0");
        Assert.Equal("netflixoss", name.Arch);
        Assert.Equal("us-east-1", name.Region);
        Assert.Equal("zoneA", name.Zone);
        Assert.Equal("cassTurtle", name.Service);
        Assert.Equal("priamCassandra", name.Package);
        Assert.Equal("cassTurtle0", name.Instance);
    }

    [Theory]
    [InlineData("netflixoss.us-east-1.zoneA.cassTurtle.priamCassandra.cassTurtle0")]
    [InlineData("lamp.*.*.www.denominator.www0")]
    [InlineData("lamp.us-east-1.*.www-elb.elb.www-elb0")]
    [InlineData("fsm.*.*.pirate.pirate.Pirate42")]
    public void FormatsBackToTheSameText(string text) => Assert.Equal(text, NanoName.Parse(text).ToString());

    [Theory]
    [InlineData("lamp.us-east-1.zoneA.php.monolith", "expected 6 dot-separated parts arch.region.zone.service.package.instance, found 5")]
    [InlineData("a.b.c.d.e.f.g", "found 7")]
    [InlineData("lamp..zoneA.php.monolith.php0", "region is empty")]
    [InlineData("lamp.us-east-1.zoneA.*.monolith.php0", "service may not be \"*\"")]
    [InlineData("lamp.us-east-1.zoneA.php.monolith.php 0", "instance \"php 0\" contains whitespace")]
    [InlineData("*.us-east-1.zoneA.php.monolith.php0", "arch may not be \"*\"")]
    [InlineData("", "bad nanoservice name \"\"")]
    public void RejectsBadNamesSayingWhatIsWrong(string text, string expected)
    {
        var error = Assert.Throws<FormatException>(() => NanoName.Parse(text));
        Assert.Contains(expected, error.Message);
        Assert.False(NanoName.TryParse(text, out _, out var message));
        Assert.Equal(error.Message, message);
    }
}
