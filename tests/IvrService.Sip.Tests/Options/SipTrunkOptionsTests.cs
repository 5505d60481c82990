namespace IvrService.Sip.Tests.Options;

public sealed class SipTrunkOptionsTests
{
    [Theory]
    [InlineData("e164")]
    [InlineData("national")]
    [InlineData("digits")]
    public void Validate_AcceptsTheNumberFormat_WhenItIsKnown(string format)
    {
        var trunk = new SipTrunkOptions { Name = "main", Host = "127.0.0.1", NumberFormat = format };

        var problems = trunk.Validate("Sip:Trunks:0").ToList();

        Assert.Empty(problems);
    }

    [Fact]
    public void Validate_NamesTheKey_WhenTheNumberFormatIsUnknown()
    {
        var trunk = new SipTrunkOptions { Name = "main", Host = "127.0.0.1", NumberFormat = "E.164" };

        var problem = Assert.Single(trunk.Validate("Sip:Trunks:1"));

        Assert.Equal("Sip:Trunks:1:NumberFormat: 'E.164' is not e164, national or digits", problem);
    }

    [Theory]
    [InlineData("")]
    [InlineData("0098")]
    [InlineData("9a")]
    [InlineData("1234")]
    public void Validate_NamesTheKey_WhenTheCountryCodeIsNotOne(string code)
    {
        var trunk = new SipTrunkOptions { Name = "main", Host = "127.0.0.1", CountryCode = code };

        var problem = Assert.Single(trunk.Validate("Sip:Trunks:0"));

        Assert.StartsWith("Sip:Trunks:0:CountryCode: ", problem, StringComparison.Ordinal);
    }
}
