using IvrService.Sip.Security;

namespace IvrService.Sip.Tests.Security;

public sealed class ScannerSignatureTests
{
    [Theory]
    [InlineData("friendly-scanner")]
    [InlineData("Friendly-Scanner")]
    [InlineData("sipvicious")]
    [InlineData("SIPVicious-PRO 1.0")]
    [InlineData("sipcli/v1.8")]
    [InlineData("sip-scan")]
    [InlineData("VaxSIPUserAgent/3.1")]
    [InlineData("pplsip")]
    [InlineData("iWar")]
    [InlineData("sundayddr")]
    [InlineData("Mozilla/5.0 (friendly-scanner)")]
    public void IsScanner_ReturnsTrue_WhenValueCarriesAKnownScannerSignature(string value)
    {
        // Act
        var isScanner = ScannerSignature.IsScanner(value);

        // Assert
        Assert.True(isScanner);
    }

    [Theory]
    [InlineData("")]
    [InlineData("sipsak 0.9.8")]
    [InlineData("Cisco-SIPGateway/IOS-15.x")]
    [InlineData("Asterisk PBX 20.5.0")]
    [InlineData("FPBX-16.0.40(18.20.0)")]
    [InlineData("Linphone/5.2.0 (belle-sip/5.2.0)")]
    [InlineData("baresip v3.10.0 (x86_64/linux)")]
    [InlineData("mysipclient 1.0")]
    [InlineData("sipclient")]
    [InlineData("Hiwar Telecom SBC")]
    [InlineData("Alice Smith")]
    public void IsScanner_ReturnsFalse_WhenValueIsALegitimateAgentOrName(string value)
    {
        // Act
        var isScanner = ScannerSignature.IsScanner(value);

        // Assert
        Assert.False(isScanner);
    }

    [Fact]
    public void IsScanner_DoesNotAllocate_WhenCheckingAValue()
    {
        // Arrange
        const string legit = "Linphone/5.2.0 (belle-sip/5.2.0)";
        const string scanner = "friendly-scanner";
        ScannerSignature.IsScanner(legit);
        ScannerSignature.IsScanner(scanner);

        // Act
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1_000; i++)
        {
            ScannerSignature.IsScanner(legit);
            ScannerSignature.IsScanner(scanner);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // Assert
        Assert.Equal(0, allocated);
    }
}
