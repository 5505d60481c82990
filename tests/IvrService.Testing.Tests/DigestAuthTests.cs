namespace IvrService.Testing.Tests;

public sealed class DigestAuthTests
{
    [Fact]
    public void ComputeResponse_MatchesRfc2617Example_WhenMd5WithQopAuth()
    {
        // RFC 2617 section 3.5 (HTTP, but the same computation SIP uses).
        var response = DigestAuth.ComputeResponse(
            "MD5", "Mufasa", "testrealm@host.com", "Circle Of Life", "GET", "/dir/index.html",
            "dcd98b7102dd2f0e8b11d0f600bfb0c093", "auth", "00000001", "0a4f113b");

        Assert.Equal("6629fae49393a05397450978507c4ef1", response);
    }

    [Fact]
    public void ComputeResponse_MatchesRfc7616Example_WhenSha256WithQopAuth()
    {
        // RFC 7616 section 3.9.1.
        var response = DigestAuth.ComputeResponse(
            "SHA-256", "Mufasa", "http-auth@example.org", "Circle of Life", "GET", "/dir/index.html",
            "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", "auth", "00000001", "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ");

        Assert.Equal("753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1", response);
    }

    [Fact]
    public void Verify_ReturnsTrueOnlyForRightPassword_WhenHeaderBuiltByBuildAuthorization()
    {
        var header = DigestAuth.BuildAuthorization("SHA-256", "alice", "ivr.test", "s3cret", "INVITE", "sip:ivr@127.0.0.1:5060", "abc");

        Assert.True(DigestAuth.Verify(header, "INVITE", "s3cret"));
        Assert.False(DigestAuth.Verify(header, "INVITE", "wrong"));
        Assert.False(DigestAuth.Verify(header, "REGISTER", "s3cret"));
    }
}
