using IvrService.Sip.Auth;

namespace IvrService.Sip.Tests.Auth;

public sealed class DigestVerifierTests
{
    private const string Rfc2617Authorization = "Digest username=\"Mufasa\", realm=\"testrealm@host.com\", "
        + "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", uri=\"/dir/index.html\", qop=auth, nc=00000001, "
        + "cnonce=\"0a4f113b\", response=\"6629fae49393a05397450978507c4ef1\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"";

    [Fact]
    public void Verify_ReturnsTrue_WhenGivenRfc2617Section35Credentials()
    {
        // Arrange
        Assert.True(DigestAuthorization.TryParse(Rfc2617Authorization, out var authorization));

        // Act
        var valid = DigestVerifier.Verify(authorization, "GET", "Circle Of Life");

        // Assert
        Assert.True(valid);
    }

    [Fact]
    public void Verify_ReturnsFalse_WhenPasswordIsWrong()
    {
        // Arrange
        Assert.True(DigestAuthorization.TryParse(Rfc2617Authorization, out var authorization));

        // Act
        var valid = DigestVerifier.Verify(authorization, "GET", "Circle of Life");

        // Assert
        Assert.False(valid);
    }

    [Fact]
    public void Verify_ReturnsFalse_WhenMethodDiffers()
    {
        // Arrange
        Assert.True(DigestAuthorization.TryParse(Rfc2617Authorization, out var authorization));

        // Act
        var valid = DigestVerifier.Verify(authorization, "POST", "Circle Of Life");

        // Assert
        Assert.False(valid);
    }

    [Fact]
    public void Verify_AcceptsUpperCaseHex_WhenClientSendsIt()
    {
        // Arrange
        var value = Rfc2617Authorization.Replace("6629fae49393a05397450978507c4ef1", "6629FAE49393A05397450978507C4EF1", StringComparison.Ordinal);
        Assert.True(DigestAuthorization.TryParse(value, out var authorization));

        // Act
        var valid = DigestVerifier.Verify(authorization, "GET", "Circle Of Life");

        // Assert
        Assert.True(valid);
    }

    [Theory]
    [InlineData("MD5")]
    [InlineData("MD5-sess")]
    [InlineData("SHA-256")]
    [InlineData("SHA-256-sess")]
    [InlineData("SHA-512-256")]
    [InlineData("SHA-512-256-sess")]
    public void VerifyWithHa1_AcceptsClientCredentials_ForEveryAlgorithm(string algorithm)
    {
        // Arrange
        Assert.True(DigestChallenge.TryParse($"Digest realm=\"ivr\", nonce=\"n0nce\", qop=\"auth\", algorithm={algorithm}", out var challenge));
        var client = new DigestClient("1001", "pa55");
        Assert.True(client.TryAuthorize(challenge, "REGISTER", "sip:ivr.example", out var value));
        Assert.True(DigestAuthorization.TryParse(value, out var authorization));
        var ha1 = DigestCalculator.ComputeHa1(authorization.Algorithm!.Value, "1001", "ivr", "pa55");

        // Act
        var valid = DigestVerifier.VerifyWithHa1(authorization, "REGISTER", ha1);

        // Assert
        Assert.True(valid);
    }

    [Fact]
    public void VerifyWithHa1_ReturnsFalse_WhenQopIsAuthInt()
    {
        // Arrange
        var value = Rfc2617Authorization.Replace("qop=auth", "qop=auth-int", StringComparison.Ordinal);
        Assert.True(DigestAuthorization.TryParse(value, out var authorization));
        var ha1 = DigestCalculator.ComputeHa1(DigestAlgorithm.Md5, "Mufasa", "testrealm@host.com", "Circle Of Life");

        // Act
        var valid = DigestVerifier.VerifyWithHa1(authorization, "GET", ha1);

        // Assert
        Assert.False(valid);
    }

    [Theory]
    [InlineData("6629fae49393a05397450978507c4ef1", "6629fae49393a05397450978507c4ef1", true)]
    [InlineData("6629fae49393a05397450978507c4ef1", "6629fae49393a05397450978507c4ef0", false)]
    [InlineData("6629fae49393a05397450978507c4ef1", "6629fae49393a05397450978507c4ef", false)]
    [InlineData("6629fae49393a05397450978507c4ef1", "6629fae49393a05397450978507c4ef1 ", false)]
    [InlineData("0000", "\u0010\u0010\u0010\u0010", false)]
    [InlineData("abcd", "ABCD", true)]
    public void FixedTimeEqualsHex_ComparesHexDigits_WhenGivenVariousInputs(string expected, string received, bool equal)
    {
        // Act
        var result = DigestVerifier.FixedTimeEqualsHex(expected, received);

        // Assert
        Assert.Equal(equal, result);
    }

    [Theory]
    [InlineData("Digest username=\"u\", realm=\"r\", nonce=\"n\", uri=\"sip:x\"")]
    [InlineData("Digest username=\"u\", realm=\"r\", nonce=\"n\", uri=\"sip:x\", response=\"ab\", qop=auth, cnonce=\"c\"")]
    [InlineData("Digest username=\"u\", realm=\"r\", nonce=\"n\", uri=\"sip:x\", response=\"ab\", qop=auth, cnonce=\"c\", nc=1")]
    [InlineData("Digest username=\"u\", realm=\"r\", nonce=\"n\", uri=\"sip:x\", response=\"ab\", qop=auth, cnonce=\"c\", nc=0000000g")]
    [InlineData("Digest username=\"u\", username=\"v\", realm=\"r\", nonce=\"n\", uri=\"sip:x\", response=\"ab\"")]
    [InlineData("Basic dXNlcjpwYXNz")]
    public void TryParse_ReturnsFalse_WhenAuthorizationIsIncomplete(string value)
    {
        // Act
        var parsed = DigestAuthorization.TryParse(value, out var authorization);

        // Assert
        Assert.False(parsed);
        Assert.Null(authorization);
    }
}
