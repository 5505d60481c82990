using System.Net;
using IvrService.Sip.Security;

namespace IvrService.Sip.Tests.Security;

public sealed class NetworkRangeTests
{
    [Theory]
    [InlineData("10.0.0.0/8", "10.255.1.2", true)]
    [InlineData("10.0.0.0/8", "11.0.0.1", false)]
    [InlineData("172.16.0.0/12", "172.31.255.255", true)]
    [InlineData("172.16.0.0/12", "172.32.0.0", false)]
    [InlineData("192.168.1.10", "192.168.1.10", true)]
    [InlineData("192.168.1.10", "192.168.1.11", false)]
    [InlineData("0.0.0.0/0", "203.0.113.9", true)]
    [InlineData("fc00::/7", "fd12:3456::1", true)]
    [InlineData("fc00::/7", "fe80::1", false)]
    [InlineData("::1", "::1", true)]
    [InlineData("2001:db8::/32", "2001:db8:ffff::1", true)]
    [InlineData("2001:db8::/32", "2001:db9::1", false)]
    [InlineData("::/0", "2001:db8::1", true)]
    public void Contains_MatchesPrefix_WhenAddressFamilyAgrees(string range, string address, bool expected)
    {
        // Arrange
        var parsed = NetworkRange.Parse(range);

        // Act
        var contains = parsed.Contains(IPAddress.Parse(address));

        // Assert
        Assert.Equal(expected, contains);
    }

    [Theory]
    [InlineData("10.0.0.0/8", "::ffff:10.1.2.3", true)]
    [InlineData("10.0.0.0/8", "::ffff:11.1.2.3", false)]
    [InlineData("::ffff:10.0.0.0/104", "10.9.9.9", true)]
    [InlineData("::ffff:192.168.0.1", "192.168.0.1", true)]
    public void Contains_TreatsIPv4MappedAddressesAsIPv4_WhenEitherSideIsMapped(string range, string address, bool expected)
    {
        // Arrange
        var parsed = NetworkRange.Parse(range);

        // Act
        var contains = parsed.Contains(IPAddress.Parse(address));

        // Assert
        Assert.Equal(expected, contains);
    }

    [Theory]
    [InlineData("::/0", "10.0.0.1")]
    [InlineData("0.0.0.0/0", "2001:db8::1")]
    public void Contains_ReturnsFalse_WhenFamiliesDiffer(string range, string address)
    {
        // Arrange
        var parsed = NetworkRange.Parse(range);

        // Act
        var contains = parsed.Contains(IPAddress.Parse(address));

        // Assert
        Assert.False(contains);
    }

    [Theory]
    [InlineData("10.0.0.0/8", "10.0.0.0/8")]
    [InlineData(" 10.1.2.3/8 ", "10.0.0.0/8")]
    [InlineData("192.168.1.7", "192.168.1.7/32")]
    [InlineData("FC00::/7", "fc00::/7")]
    [InlineData("::1", "::1/128")]
    [InlineData("::ffff:10.0.0.0/104", "10.0.0.0/8")]
    public void ToString_IsCanonical_WhenParsed(string text, string expected)
    {
        // Act
        var parsed = NetworkRange.Parse(text);

        // Assert
        Assert.Equal(expected, parsed.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("10.0.0.300/8")]
    [InlineData("10.0.0/8")]
    [InlineData("10")]
    [InlineData("10.0.0.0.0")]
    [InlineData("010.0.0.1")]
    [InlineData("10.0.0.0/33")]
    [InlineData("10.0.0.0/")]
    [InlineData("10.0.0.0/-1")]
    [InlineData("10.0.0.0/+8")]
    [InlineData("10.0.0.0/8/8")]
    [InlineData("10.0.0.0 /8")]
    [InlineData("fc00::/129")]
    [InlineData("fe80::1%eth0")]
    [InlineData("fc00:::1/7")]
    [InlineData("localhost")]
    [InlineData("0x0A000000/8")]
    public void TryParse_ReturnsFalse_WhenTextIsNotAnAddressRange(string? text)
    {
        // Act
        var parsed = NetworkRange.TryParse(text, out var range);

        // Assert
        Assert.False(parsed);
        Assert.Null(range);
    }
}
