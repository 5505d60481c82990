using IvrService.Sip.Auth;

namespace IvrService.Sip.Tests.Auth;

public sealed class DigestClientTests
{
    private const string Rfc7616Nonce = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
    private const string Rfc7616Cnonce = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";
    private const string Rfc7616Opaque = "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS";

    [Fact]
    public void TryAuthorize_ProducesRfc2617Response_WhenGivenSection35Example()
    {
        // Arrange: RFC 2617 §3.5 (password "Circle Of Life", capital O).
        var challenge = Parse("Digest realm=\"testrealm@host.com\", qop=\"auth,auth-int\", "
            + "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"");
        var client = new DigestClient("Mufasa", "Circle Of Life", () => "0a4f113b");

        // Act
        var built = client.TryAuthorize(challenge, "GET", "/dir/index.html", out var value);

        // Assert
        Assert.True(built);
        var sent = ParseAuthorization(value);
        Assert.Equal("6629fae49393a05397450978507c4ef1", sent.Response);
        Assert.Equal("Mufasa", sent.Username);
        Assert.Equal("testrealm@host.com", sent.Realm);
        Assert.Equal("/dir/index.html", sent.Uri);
        Assert.Equal("auth", sent.Qop);
        Assert.Equal("00000001", sent.NonceCountText);
        Assert.Equal("0a4f113b", sent.Cnonce);
        Assert.Equal("5ccc069c403ebaf9f0171e9517f40e41", sent.Opaque);
    }

    [Theory]
    // RFC 7616 §3.9.1 (password "Circle of Life", lower-case o, per verified erratum 4495).
    [InlineData("MD5", "8ca523f5e9506fed4657c9700eebdbec")]
    [InlineData("SHA-256", "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1")]
    public void TryAuthorize_ProducesRfc7616Response_WhenGivenSection391Example(string algorithm, string expected)
    {
        // Arrange
        var challenge = Parse($"Digest realm=\"http-auth@example.org\", qop=\"auth, auth-int\", algorithm={algorithm}, "
            + $"nonce=\"{Rfc7616Nonce}\", opaque=\"{Rfc7616Opaque}\"");
        var client = new DigestClient("Mufasa", "Circle of Life", () => Rfc7616Cnonce);

        // Act
        var built = client.TryAuthorize(challenge, "GET", "/dir/index.html", out var value);

        // Assert
        Assert.True(built);
        Assert.Contains($"response=\"{expected}\"", value, StringComparison.Ordinal);
        Assert.Contains($"algorithm={algorithm},", value, StringComparison.Ordinal);
        Assert.Contains("qop=auth, nc=00000001", value, StringComparison.Ordinal);
        Assert.Contains($"opaque=\"{Rfc7616Opaque}\"", value, StringComparison.Ordinal);
        Assert.StartsWith("Digest username=\"Mufasa\", realm=\"http-auth@example.org\", ", value, StringComparison.Ordinal);
    }

    [Theory]
    // Not RFC examples: the RFC 7616 §3.9.1 inputs with the other algorithms, computed independently
    // with Python's hashlib (A1 for -sess = H(H(user:realm:pass):nonce:cnonce), hex throughout).
    [InlineData("SHA-512-256", "430d05014cecc49cab6fbe03176d41a1da86cbfe24a16580e22aaad928d960d0")]
    [InlineData("MD5-sess", "e783283f46242139c486a698fec7211d")]
    [InlineData("SHA-256-sess", "2fd51b3a77ad75bad6afad6003e818d767133c46d9e2749e7f5232ae1ea3efd7")]
    [InlineData("SHA-512-256-sess", "3f2a34f923c38b0fb26dce2fdfc2ce326c23cecf86fbb1444f3e51fbbc2cb92e")]
    public void TryAuthorize_ProducesKnownResponse_WhenAlgorithmIsSha512256OrSession(string algorithm, string expected)
    {
        // Arrange
        var challenge = Parse($"Digest realm=\"http-auth@example.org\", qop=\"auth\", algorithm={algorithm}, nonce=\"{Rfc7616Nonce}\"");
        var client = new DigestClient("Mufasa", "Circle of Life", () => Rfc7616Cnonce);

        // Act
        var built = client.TryAuthorize(challenge, "GET", "/dir/index.html", out var value);

        // Assert
        Assert.True(built);
        Assert.Equal(expected, ParseAuthorization(value).Response);
    }

    [Fact]
    public void TryAuthorize_UsesRfc2069Form_WhenChallengeHasNoQop()
    {
        // Arrange: the RFC 2617 §3.5 inputs without qop; expected computed independently (Python hashlib).
        var challenge = Parse("Digest realm=\"testrealm@host.com\", nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\"");
        var client = new DigestClient("Mufasa", "Circle Of Life");

        // Act
        var built = client.TryAuthorize(challenge, "GET", "/dir/index.html", out var value);

        // Assert
        Assert.True(built);
        var sent = ParseAuthorization(value);
        Assert.Equal("670fd8c2df070c60b045671b8b24ff02", sent.Response);
        Assert.Null(sent.Qop);
        Assert.Null(sent.Cnonce);
        Assert.DoesNotContain("nc=", value, StringComparison.Ordinal);
    }

    [Fact]
    public void TryAuthorize_IncrementsNonceCount_WhenSameNonceIsReusedAcrossRequests()
    {
        // Arrange
        var challenge = Parse("Digest realm=\"trunk.example\", nonce=\"abc\", qop=\"auth\"");
        var client = new DigestClient("alice", "s3cret");

        // Act
        client.TryAuthorize(challenge, "REGISTER", "sip:trunk.example", out var first);
        client.TryAuthorize(challenge, "INVITE", "sip:+15551234@trunk.example", out var second);
        client.TryAuthorizeWithLastChallenge("REGISTER", "sip:trunk.example", out var third);

        // Assert
        Assert.Equal(1u, ParseAuthorization(first).NonceCount);
        Assert.Equal(2u, ParseAuthorization(second).NonceCount);
        Assert.Equal("00000003", ParseAuthorization(third).NonceCountText);
        Assert.Equal(3u, client.LastNonceCount("trunk.example"));
    }

    [Fact]
    public void TryAuthorize_RestartsNonceCount_WhenServerIssuesNewNonce()
    {
        // Arrange
        var client = new DigestClient("alice", "s3cret");
        client.TryAuthorize(Parse("Digest realm=\"r\", nonce=\"old\", qop=\"auth\""), "REGISTER", "sip:r", out _);
        client.TryAuthorize(Parse("Digest realm=\"r\", nonce=\"old\", qop=\"auth\""), "REGISTER", "sip:r", out _);
        var staleChallenge = Parse("Digest realm=\"r\", nonce=\"new\", qop=\"auth\", stale=TRUE");

        // Act
        client.TryAuthorize(staleChallenge, "REGISTER", "sip:r", out var value);

        // Assert
        var sent = ParseAuthorization(value);
        Assert.Equal("new", sent.Nonce);
        Assert.Equal(1u, sent.NonceCount);
    }

    [Fact]
    public void TryAuthorize_UsesFreshCnonceEachTime_WhenAlgorithmIsNotSession()
    {
        // Arrange
        var challenge = Parse("Digest realm=\"r\", nonce=\"n\", qop=\"auth\", algorithm=SHA-256");
        var client = new DigestClient("alice", "s3cret");

        // Act
        client.TryAuthorize(challenge, "OPTIONS", "sip:r", out var first);
        client.TryAuthorize(challenge, "OPTIONS", "sip:r", out var second);

        // Assert
        var firstCnonce = ParseAuthorization(first).Cnonce;
        var secondCnonce = ParseAuthorization(second).Cnonce;
        Assert.Matches("^[0-9a-f]{32}$", firstCnonce);
        Assert.NotEqual(firstCnonce, secondCnonce);
    }

    [Fact]
    public void TryAuthorize_KeepsSessionCnonce_WhenAlgorithmIsSession()
    {
        // Arrange
        var challenge = Parse("Digest realm=\"r\", nonce=\"n\", qop=\"auth\", algorithm=SHA-256-sess");
        var client = new DigestClient("alice", "s3cret");

        // Act
        client.TryAuthorize(challenge, "OPTIONS", "sip:r", out var first);
        client.TryAuthorize(challenge, "OPTIONS", "sip:r", out var second);

        // Assert
        Assert.Equal(ParseAuthorization(first).Cnonce, ParseAuthorization(second).Cnonce);
        Assert.Equal(2u, ParseAuthorization(second).NonceCount);
    }

    [Fact]
    public void TryAuthorize_PicksStrongestChallenge_WhenSeveralAreOffered()
    {
        // Arrange
        DigestChallenge[] offered =
        [
            Parse("Digest realm=\"r\", nonce=\"1\", qop=\"auth\", algorithm=MD5"),
            Parse("Digest realm=\"r\", nonce=\"2\", qop=\"auth\", algorithm=SHA-512-256"),
            Parse("Digest realm=\"r\", nonce=\"3\", qop=\"auth\", algorithm=SHA-256"),
        ];
        var client = new DigestClient("alice", "s3cret");

        // Act
        var built = client.TryAuthorize(offered, "INVITE", "sip:bob@r", out var value);

        // Assert
        Assert.True(built);
        var sent = ParseAuthorization(value);
        Assert.Equal(DigestAlgorithm.Sha512256, sent.Algorithm);
        Assert.Equal("2", sent.Nonce);
    }

    [Fact]
    public void TryAuthorize_ReturnsFalse_WhenOnlyAuthIntIsOffered()
    {
        // Arrange
        var challenge = Parse("Digest realm=\"r\", nonce=\"n\", qop=\"auth-int\"");
        var client = new DigestClient("alice", "s3cret");

        // Act
        var built = client.TryAuthorize(challenge, "INVITE", "sip:bob@r", out var value);

        // Assert
        Assert.False(built);
        Assert.Null(value);
    }

    [Theory]
    [InlineData("INVITE\r\nX-Evil: 1", "sip:bob@r")]
    [InlineData("INVITE", "sip:bob@r\r\nX-Evil: 1")]
    [InlineData("", "sip:bob@r")]
    [InlineData("IN VITE", "sip:bob@r")]
    public void TryAuthorize_ReturnsFalse_WhenMethodOrUriWouldBreakTheHeader(string method, string uri)
    {
        // Arrange
        var challenge = Parse("Digest realm=\"r\", nonce=\"n\", qop=\"auth\"");
        var client = new DigestClient("alice", "s3cret");

        // Act
        var built = client.TryAuthorize(challenge, method, uri, out _);

        // Assert
        Assert.False(built);
    }

    [Fact]
    public void TryAuthorize_EscapesQuotes_WhenRealmOrUsernameContainThem()
    {
        // Arrange
        var challenge = Parse("Digest realm=\"a \\\"b\\\" c\", nonce=\"n\", qop=\"auth\"");
        var client = new DigestClient("o\"brien", "pw");

        // Act
        client.TryAuthorize(challenge, "INVITE", "sip:x@y", out var value);

        // Assert
        var sent = ParseAuthorization(value);
        Assert.Equal("o\"brien", sent.Username);
        Assert.Equal("a \"b\" c", sent.Realm);
        Assert.True(DigestVerifier.Verify(sent, "INVITE", "pw"));
    }

    [Fact]
    public void TryAuthorizeWithLastChallenge_ReturnsFalse_WhenNoChallengeWasSeen()
    {
        // Arrange
        var client = new DigestClient("alice", "s3cret");

        // Act
        var built = client.TryAuthorizeWithLastChallenge("REGISTER", "sip:r", out var value);

        // Assert
        Assert.False(built);
        Assert.Null(value);
    }

    [Fact]
    public void TryAuthorizeWithLastChallenge_ReturnsFalse_WhenRealmWasForgotten()
    {
        // Arrange
        var client = new DigestClient("alice", "s3cret");
        client.TryAuthorize(Parse("Digest realm=\"r\", nonce=\"n\", qop=\"auth\""), "REGISTER", "sip:r", out _);
        client.Forget("r");

        // Act
        var built = client.TryAuthorizeWithLastChallenge("REGISTER", "sip:r", out _, realm: "r");

        // Assert
        Assert.False(built);
    }

    [Fact]
    public async Task TryAuthorize_GivesEveryRequestItsOwnNonceCount_WhenCalledConcurrently()
    {
        // Arrange
        var challenge = Parse("Digest realm=\"r\", nonce=\"n\", qop=\"auth\"");
        var client = new DigestClient("alice", "s3cret");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        // Act
        var tasks = Enumerable.Range(0, 400)
            .Select(_ => Task.Run(
                () => client.TryAuthorize(challenge, "OPTIONS", "sip:r", out var v) ? ParseAuthorization(v).NonceCount : 0u,
                timeout.Token))
            .ToArray();
        var counts = await Task.WhenAll(tasks).WaitAsync(timeout.Token);

        // Assert
        Assert.Equal(Enumerable.Range(1, 400).Select(i => (uint)i), counts.Order());
    }

    private static DigestChallenge Parse(string value)
    {
        Assert.True(DigestChallenge.TryParse(value, out var challenge));
        return challenge;
    }

    private static DigestAuthorization ParseAuthorization(string? value)
    {
        Assert.True(DigestAuthorization.TryParse(value, out var authorization), value);
        return authorization;
    }
}
