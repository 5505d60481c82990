using System.Globalization;

namespace IvrService.IntegrationTests.Sip;

/// <summary>
/// The RFC 4475 torture messages sent over the wire at the running product (top Via and Call-ID pointed at
/// the test): every answer is the one the corpus manifest names, and nothing crashes the listener.
/// </summary>
public sealed class TortureReplayTests : IClassFixture<IvrHostFixture>
{
    private readonly IvrHostFixture _host;

    public TortureReplayTests(IvrHostFixture host)
    {
        _host = host;
    }

    public static IEnumerable<object[]> Messages =>
        File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Torture", "MANIFEST.tsv"))
            .Skip(1)
            .Select(line => line.Split('\t'))
            .Where(c => c.Length >= 4)
            .Select(c => new object[] { c[0], c[3] });

    [Theory]
    [MemberData(nameof(Messages))]
    public async Task TortureMessage_GetsTheAnswerTheManifestNames(string file, string expect)
    {
        using var peer = new SipReplayPeer(_host);
        var callId = "torture-" + Guid.NewGuid().ToString("N");
        var bytes = peer.Rewrite(await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "Torture", "Messages", file)), callId, pointRequestUriAtUs: false);

        await peer.SendAsync(bytes);
        var final = await peer.ReceiveFinalAsync(TimeSpan.FromSeconds(expect is "drop" or "valid-response" ? 1 : 5));

        switch (expect)
        {
            case "drop" or "valid-response":
                Assert.Null(final);
                break;
            case "reject-400":
                Assert.Equal(400, final?.StatusCode);
                Assert.True(final!.ReasonPhrase.Length > "Bad Request".Length, $"the 400 does not say what is wrong: '{final.ReasonPhrase}'");
                break;
            case "valid":
                Assert.NotNull(final);
                Assert.NotEqual(400, final.StatusCode);
                Assert.NotEqual(500, final.StatusCode);
                break;
            default:
                var status = int.Parse(expect["reject-other:".Length..], CultureInfo.InvariantCulture);
                Assert.Equal(status, final?.StatusCode);
                break;
        }

        if (final is { IsSuccess: true } && final.CSeq?.Method == "INVITE")
        {
            await peer.HangUpAsync(final, delayedOffer: false);
        }

        // The listener is still there for the next caller.
        using var next = new SipReplayPeer(_host);
        await next.SendAsync(System.Text.Encoding.ASCII.GetBytes(
            $"OPTIONS sip:ivr@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:{next.Port};branch=z9hG4bK{Guid.NewGuid():N};rport\r\n" +
            $"From: <sip:probe@127.0.0.1>;tag=p\r\nTo: <sip:ivr@127.0.0.1>\r\nCall-ID: {Guid.NewGuid():N}\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n"));
        Assert.Equal(200, (await next.ReceiveFinalAsync())?.StatusCode);
    }
}
