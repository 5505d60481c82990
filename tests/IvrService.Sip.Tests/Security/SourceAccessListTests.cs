using System.Net;
using IvrService.Sip.Security;

namespace IvrService.Sip.Tests.Security;

public sealed class SourceAccessListTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.8.9.10")]
    [InlineData("::1")]
    [InlineData("10.20.30.40")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.254")]
    [InlineData("192.168.100.1")]
    [InlineData("fd00::5")]
    [InlineData("::ffff:192.168.1.1")]
    public void IsAllowed_ReturnsTrue_WhenSourceIsLoopbackPrivateOrUniqueLocal(string address)
    {
        // Arrange
        var list = SourceAccessList.Default;

        // Act
        var allowed = list.IsAllowed(IPAddress.Parse(address));

        // Assert
        Assert.True(allowed);
    }

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("172.32.0.1")]
    [InlineData("192.169.0.1")]
    [InlineData("2001:db8::1")]
    [InlineData("fe80::1")]
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("0.0.0.0")]
    public void IsAllowed_ReturnsFalse_WhenSourceIsPublicByDefault(string address)
    {
        // Arrange
        var list = SourceAccessList.Default;

        // Act
        var allowed = list.IsAllowed(IPAddress.Parse(address));

        // Assert
        Assert.False(allowed);
    }

    [Fact]
    public void FromOptions_UsesConfiguredRangesOnly_WhenAllowedSourcesIsSet()
    {
        // Arrange
        var options = new SipSecurityOptions { AllowedSources = ["203.0.113.0/24", "2001:db8::/48"] };

        // Act
        var list = SourceAccessList.FromOptions(options);

        // Assert
        Assert.True(list.IsAllowed(IPAddress.Parse("203.0.113.77")));
        Assert.True(list.IsAllowed(IPAddress.Parse("2001:db8:0:1::9")));
        Assert.False(list.IsAllowed(IPAddress.Parse("10.0.0.1")));
    }

    [Fact]
    public void FromOptions_UsesDefault_WhenAllowedSourcesIsNotSet()
    {
        // Arrange
        var options = new SipSecurityOptions();

        // Act
        var list = SourceAccessList.FromOptions(options);

        // Assert
        Assert.Same(SourceAccessList.Default, list);
    }

    [Fact]
    public void IsAllowed_DoesNotAllocate_WhenCheckingManyAddresses()
    {
        // Arrange
        var list = SourceAccessList.Default;
        var v4 = IPAddress.Parse("8.8.8.8");
        var v6 = IPAddress.Parse("2001:db8::1");
        list.IsAllowed(v4);
        list.IsAllowed(v6);

        // Act
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1_000; i++)
        {
            list.IsAllowed(v4);
            list.IsAllowed(v6);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // Assert
        Assert.Equal(0, allocated);
    }
}
