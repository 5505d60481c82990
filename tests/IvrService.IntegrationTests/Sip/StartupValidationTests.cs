using Microsoft.Extensions.Options;

namespace IvrService.IntegrationTests.Sip;

/// <summary>Bad configuration stops the start with a message naming the key, instead of a product that half works.</summary>
public sealed class StartupValidationTests
{
    [Theory]
    [InlineData("Flows:MenusDirectory", "prompts/no-such-menus", "does not exist")]
    [InlineData("Flows:TransferDestinations:operator", "operator at the front desk", "is not a SIP URI")]
    [InlineData("Sip:Port", "70000", "is not a port number")]
    [InlineData("Media:RtpPortStart", "10001", "must be even")]
    public async Task Start_FailsNamingTheKey_WhenAValueIsWrong(string key, string value, string problem)
    {
        var host = new IvrHostFixture();
        host.Settings[key] = value;
        try
        {
            var failure = await Assert.ThrowsAsync<OptionsValidationException>(host.InitializeAsync).WaitAsync(TimeSpan.FromSeconds(120));

            Assert.Contains(failure.Failures, f => f.StartsWith(key + ":", StringComparison.Ordinal) && f.Contains(problem, StringComparison.Ordinal));
        }
        finally
        {
            await host.DisposeAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }
    }

    [Fact]
    public async Task Start_FailsNamingTheFlow_WhenInboundMenuIsNotStored()
    {
        var host = new IvrHostFixture();
        host.Settings["Flows:InboundMenu"] = "no-such-menu";
        try
        {
            var failure = await Assert.ThrowsAsync<InvalidOperationException>(host.InitializeAsync).WaitAsync(TimeSpan.FromSeconds(120));

            Assert.StartsWith("Flows:InboundMenu: flow 'no-such-menu' is not stored", failure.Message, StringComparison.Ordinal);
        }
        finally
        {
            await host.DisposeAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }
    }
}
