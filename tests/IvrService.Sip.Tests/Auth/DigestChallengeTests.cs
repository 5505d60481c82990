using IvrService.Sip.Auth;

namespace IvrService.Sip.Tests.Auth;

public sealed class DigestChallengeTests
{
    [Fact]
    public void TryParse_ReadsAllDirectives_WhenGivenRfc7616Challenge()
    {
        // Arrange
        const string value = "Digest realm=\"http-auth@example.org\", qop=\"auth, auth-int\", algorithm=SHA-256, "
            + "nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"";

        // Act
        var parsed = DigestChallenge.TryParse(value, out var challenge);

        // Assert
        Assert.True(parsed);
        Assert.NotNull(challenge);
        Assert.Equal("http-auth@example.org", challenge.Realm);
        Assert.Equal("7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", challenge.Nonce);
        Assert.Equal("FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS", challenge.Opaque);
        Assert.Equal(DigestAlgorithm.Sha256, challenge.Algorithm);
        Assert.Equal(["auth", "auth-int"], challenge.QopOptions);
        Assert.False(challenge.Stale);
        Assert.True(challenge.IsAnswerable);
    }

    [Theory]
    [InlineData("algorithm=sha-256", "SHA-256")]
    [InlineData("algorithm=\"SHA-512-256-sess\"", "SHA-512-256-sess")]
    [InlineData("algorithm=md5-SESS", "MD5-sess")]
    [InlineData("algorithm = SHA-512-256", "SHA-512-256")]
    public void TryParse_ReadsAlgorithm_WhenQuotedUnquotedOrAnyCase(string parameter, string expected)
    {
        // Arrange
        var value = $"Digest realm=\"r\", nonce=\"n\", qop=\"auth\", {parameter}";

        // Act
        var parsed = DigestChallenge.TryParse(value, out var challenge);

        // Assert
        Assert.True(parsed);
        Assert.Equal(expected, challenge!.Algorithm?.ToToken());
    }

    [Fact]
    public void TryParse_DefaultsToMd5_WhenAlgorithmIsAbsent()
    {
        // Arrange
        const string value = "Digest realm=\"biloxi.com\", nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\"";

        // Act
        var parsed = DigestChallenge.TryParse(value, out var challenge);

        // Assert
        Assert.True(parsed);
        Assert.Equal(DigestAlgorithm.Md5, challenge!.Algorithm);
        Assert.Empty(challenge.QopOptions);
        Assert.True(challenge.IsAnswerable);
    }

    [Theory]
    [InlineData("stale=TRUE", true)]
    [InlineData("stale=true", true)]
    [InlineData("stale=\"True\"", true)]
    [InlineData("stale=FALSE", false)]
    [InlineData("stale=maybe", false)]
    public void TryParse_ReadsStale_CaseInsensitively(string parameter, bool expected)
    {
        // Arrange
        var value = $"Digest realm=\"r\", {parameter}, nonce=\"n\"";

        // Act
        var parsed = DigestChallenge.TryParse(value, out var challenge);

        // Assert
        Assert.True(parsed);
        Assert.Equal(expected, challenge!.Stale);
    }

    [Fact]
    public void TryParse_ToleratesOddSpacingUnknownParametersAndEscapes_WhenSyntaxIsStillValid()
    {
        // Arrange
        const string value = "  digest\trealm = \"a \\\"quoted\\\" realm\\\\x\" ,,  nonce=abc/def+==,charset=UTF-8 , "
            + "userhash=false, domain=\"sip:a.example sip:b.example\",qop=\"AUTH-INT,auth\"";

        // Act
        var parsed = DigestChallenge.TryParse(value, out var challenge);

        // Assert
        Assert.True(parsed);
        Assert.Equal("a \"quoted\" realm\\x", challenge!.Realm);
        Assert.Equal("abc/def+==", challenge.Nonce);
        Assert.Equal("sip:a.example sip:b.example", challenge.Domain);
        Assert.Equal(["auth-int", "auth"], challenge.QopOptions);
        Assert.True(challenge.OffersQopAuth);
    }

    [Fact]
    public void TryParse_StopsAtNextChallenge_WhenValueHoldsTwoChallenges()
    {
        // Arrange
        const string value = "Digest realm=\"r\", nonce=\"n\", Basic realm=\"other\"";

        // Act
        var parsed = DigestChallenge.TryParse(value, out var challenge);

        // Assert
        Assert.True(parsed);
        Assert.Equal("r", challenge!.Realm);
    }

    [Fact]
    public void TryParse_KeepsChallengeButMarksItUnanswerable_WhenAlgorithmIsUnknown()
    {
        // Arrange
        const string value = "Digest realm=\"r\", nonce=\"n\", qop=\"auth\", algorithm=SHA-1";

        // Act
        var parsed = DigestChallenge.TryParse(value, out var challenge);

        // Assert
        Assert.True(parsed);
        Assert.Null(challenge!.Algorithm);
        Assert.Equal("SHA-1", challenge.AlgorithmToken);
        Assert.False(challenge.IsAnswerable);
    }

    [Fact]
    public void IsAnswerable_IsFalse_WhenOnlyAuthIntIsOffered()
    {
        // Arrange
        DigestChallenge.TryParse("Digest realm=\"r\", nonce=\"n\", qop=\"auth-int\"", out var challenge);

        // Act
        var answerable = challenge!.IsAnswerable;

        // Assert
        Assert.False(answerable);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("Digest")]
    [InlineData("Digest ")]
    [InlineData("Basic realm=\"r\"")]
    [InlineData("Digestrealm=\"r\", nonce=\"n\"")]
    [InlineData("Digest realm=\"r\"")]
    [InlineData("Digest nonce=\"n\"")]
    [InlineData("Digest realm=\"r\", nonce=\"\"")]
    [InlineData("Digest realm=\"unterminated, nonce=\"n\"")]
    [InlineData("Digest realm=\"r\", nonce=\"n\\")]
    [InlineData("Digest realm=\"r\", nonce=")]
    [InlineData("Digest realm=\"r\" nonce=\"n\"")]
    [InlineData("Digest =\"r\", nonce=\"n\"")]
    [InlineData("Digest realm=\"r\", nonce=\"n\", nonce=\"m\"")]
    [InlineData("Digest realm=\"r\", nonce=a\"b")]
    [InlineData("Digest realm=\"r\r\n\", nonce=\"n\"")]
    [InlineData("Digest \u0001\u00ff===,,,\"\"\"")]
    [InlineData("{\"json\": true}")]
    public void TryParse_ReturnsFalse_WhenValueIsNotAValidDigestChallenge(string? value)
    {
        // Act
        var parsed = DigestChallenge.TryParse(value, out var challenge);

        // Assert
        Assert.False(parsed);
        Assert.Null(challenge);
    }

    [Fact]
    public void TryParse_ReturnsFalse_WhenValueIsAbsurdlyLong()
    {
        // Arrange
        var value = "Digest realm=\"r\", nonce=\"" + new string('n', 10_000) + "\"";

        // Act
        var parsed = DigestChallenge.TryParse(value, out _);

        // Assert
        Assert.False(parsed);
    }

    [Fact]
    public void TryParse_NeverThrows_WhenGivenRandomBytes()
    {
        // Arrange
        var random = new Random(7616);
        var alphabet = "Digest realm=nonce\"\\, \t=qop-auth\r\nalgorithm".ToCharArray();

        // Act
        var exception = Record.Exception(() =>
        {
            for (var i = 0; i < 5_000; i++)
            {
                var chars = new char[random.Next(0, 80)];
                for (var j = 0; j < chars.Length; j++)
                {
                    chars[j] = random.Next(4) == 0 ? (char)random.Next(0, 0x3000) : alphabet[random.Next(alphabet.Length)];
                }

                DigestChallenge.TryParse("Digest " + new string(chars), out _);
                DigestAuthorization.TryParse("Digest " + new string(chars), out _);
            }
        });

        // Assert
        Assert.Null(exception);
    }

    [Fact]
    public void SelectStrongest_PrefersSha512256ThenSha256ThenMd5_WhenServerOffersOnePerAlgorithm()
    {
        // Arrange
        var md5 = Parse("Digest realm=\"r\", nonce=\"1\", qop=\"auth\", algorithm=MD5");
        var sha256 = Parse("Digest realm=\"r\", nonce=\"2\", qop=\"auth\", algorithm=SHA-256");
        var sha512256 = Parse("Digest realm=\"r\", nonce=\"3\", qop=\"auth\", algorithm=SHA-512-256");

        // Act
        var allThree = DigestChallenge.SelectStrongest([md5, sha256, sha512256]);
        var withoutSha512 = DigestChallenge.SelectStrongest([md5, sha256]);
        var onlyMd5 = DigestChallenge.SelectStrongest([md5]);

        // Assert
        Assert.Same(sha512256, allThree);
        Assert.Same(sha256, withoutSha512);
        Assert.Same(md5, onlyMd5);
    }

    [Fact]
    public void SelectStrongest_SkipsUnanswerableChallenges_WhenStrongerOnesUseUnknownAlgorithmOrAuthInt()
    {
        // Arrange
        var unknown = Parse("Digest realm=\"r\", nonce=\"1\", qop=\"auth\", algorithm=SHA3-512");
        var authIntOnly = Parse("Digest realm=\"r\", nonce=\"2\", qop=\"auth-int\", algorithm=SHA-512-256");
        var md5 = Parse("Digest realm=\"r\", nonce=\"3\", qop=\"auth\"");

        // Act
        var chosen = DigestChallenge.SelectStrongest([unknown, authIntOnly, md5]);
        var none = DigestChallenge.SelectStrongest([unknown, authIntOnly]);

        // Assert
        Assert.Same(md5, chosen);
        Assert.Null(none);
    }

    [Fact]
    public void SelectStrongestPerRealm_ReturnsOnePerRealm_WhenProxyAndRegistrarBothChallenge()
    {
        // Arrange
        var proxyMd5 = Parse("Digest realm=\"proxy\", nonce=\"1\", qop=\"auth\"");
        var registrarSha = Parse("Digest realm=\"registrar\", nonce=\"2\", qop=\"auth\", algorithm=SHA-256");
        var proxySha = Parse("Digest realm=\"proxy\", nonce=\"3\", qop=\"auth\", algorithm=SHA-256");

        // Act
        var chosen = DigestChallenge.SelectStrongestPerRealm([proxyMd5, registrarSha, proxySha]);

        // Assert
        Assert.Equal([proxySha, registrarSha], chosen);
    }

    private static DigestChallenge Parse(string value)
    {
        Assert.True(DigestChallenge.TryParse(value, out var challenge));
        return challenge;
    }
}
