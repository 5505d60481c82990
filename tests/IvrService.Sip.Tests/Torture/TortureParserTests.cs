namespace IvrService.Sip.Tests.Torture;

public sealed class TortureParserTests
{
    public static IEnumerable<object[]> ValidRequests => TortureCorpus.Cases("valid").Where(c => (string)c[1] == "valid");

    public static IEnumerable<object[]> ValidResponses => TortureCorpus.Cases("valid-response");

    public static IEnumerable<object[]> BadRequests => TortureCorpus.Cases("reject-400");

    public static IEnumerable<object[]> Dropped => TortureCorpus.Cases("drop");

    [Theory]
    [MemberData(nameof(ValidRequests))]
    public void Parse_ReturnsValidRequest_WhenMessageIsValid(string file, string expect)
    {
        var result = SipMessageParser.Parse(TortureCorpus.Read(file));

        Assert.True(result.IsValid, $"{file} ({expect}): {result.Error}");
        Assert.IsType<SipRequest>(result.Message);
    }

    [Theory]
    [MemberData(nameof(ValidResponses))]
    public void Parse_ReturnsValidResponse_WhenResponseIsValid(string file, string expect)
    {
        var result = SipMessageParser.Parse(TortureCorpus.Read(file));

        Assert.True(result.IsValid, $"{file} ({expect}): {result.Error}");
        Assert.IsType<SipResponse>(result.Message);
    }

    [Theory]
    [MemberData(nameof(BadRequests))]
    public void Parse_ReportsAnswerable400_WhenRequestIsMalformed(string file, string expect)
    {
        var result = SipMessageParser.Parse(TortureCorpus.Read(file));

        Assert.False(result.IsValid, $"{file} ({expect}) was accepted");
        Assert.Equal(400, result.ErrorStatus);
        Assert.False(string.IsNullOrWhiteSpace(result.Error));
        var request = Assert.IsType<SipRequest>(result.Message);
        Assert.NotNull(request.TopVia);
    }

    [Theory]
    [MemberData(nameof(Dropped))]
    public void Parse_RejectsResponse_WhenResponseIsMalformed(string file, string expect)
    {
        var result = SipMessageParser.Parse(TortureCorpus.Read(file));

        Assert.False(result.IsValid, $"{file} ({expect}) was accepted");
    }

    [Fact]
    public void Parse_Reports505_WhenVersionIsUnknown()
    {
        var result = SipMessageParser.Parse(TortureCorpus.Read("badvers.dat"));

        Assert.Equal(505, result.ErrorStatus);
        Assert.NotNull(result.Message);
    }

    [Fact]
    public void Parse_UnfoldsAndNormalises_WhenHeadersAreTortuous()
    {
        var result = SipMessageParser.Parse(TortureCorpus.Read("wsinv.dat"));

        var request = Assert.IsType<SipRequest>(result.Message);
        Assert.Equal("INVITE", request.Method);
        Assert.Equal(3, request.GetVias().Count);
        Assert.Equal("UDP", request.TopVia!.Transport);
        Assert.Equal(68, request.MaxForwards);
        Assert.Equal("application/sdp", request.ContentType);
        Assert.Equal(150, request.Body.Length);
        Assert.Equal("J Rosenberg \\\"", request.From!.DisplayName);
    }

    [Fact]
    public void Parse_IgnoresOctetsPastContentLength_WhenDatagramCarriesMore()
    {
        var result = SipMessageParser.Parse(TortureCorpus.Read("dblreq.dat"));

        var request = Assert.IsType<SipRequest>(result.Message);
        Assert.Equal("REGISTER", request.Method);
        Assert.Equal(0, request.Body.Length);
    }

    [Fact]
    public void Parse_KeepsSemicolonsInUserPart_WhenUriHasThem()
    {
        var request = (SipRequest)SipMessageParser.Parse(TortureCorpus.Read("semiuri.dat")).Message!;

        Assert.Equal("user;par=u%40example.net", request.Uri.User);
        Assert.Equal("example.com", request.Uri.Host);
    }

    [Fact]
    public void Parse_DropsEscapedHeadersOfRequestUri_WhenPresent()
    {
        var request = (SipRequest)SipMessageParser.Parse(TortureCorpus.Read("escruri.dat")).Message!;

        Assert.Null(request.Uri.Headers);
        Assert.Null(request.Headers[SipHeaderNames.Route]);
    }
}
