using IvrService.Sip;

namespace IvrService.IntegrationTests.Sip;

/// <summary>
/// Replays the SIP requests captured from real phones, trunks and SBCs (../shared/corpus/sip) against the
/// running product, with Request-URI, top Via, Call-ID and From tag rewritten, and checks each answer
/// against what the corpus manifest expects of it.
/// </summary>
public sealed class CorpusReplayTests : IClassFixture<IvrHostFixture>
{
    private readonly IvrHostFixture _host;

    public CorpusReplayTests(IvrHostFixture host)
    {
        _host = host;
    }

    public static IEnumerable<object[]> Captures =>
        File.ReadAllLines(Path.Combine(CorpusDirectory, "MANIFEST.tsv"))
            .Skip(1)
            .Select(line => line.Split('\t'))
            .Where(c => c.Length >= 5)
            .Select(c => new object[] { c[0], c[4] });

    private static string CorpusDirectory
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "IvrService.sln")))
            {
                directory = directory.Parent;
            }

            return Path.Combine(directory?.Parent?.FullName ?? throw new DirectoryNotFoundException("repository root"), "shared", "corpus", "sip");
        }
    }

    [Theory]
    [MemberData(nameof(Captures))]
    public async Task CapturedRequest_GetsTheAnswerTheManifestExpects(string file, string expect)
    {
        using var peer = new SipReplayPeer(_host);
        var callId = "corpus-" + Guid.NewGuid().ToString("N");
        var bytes = peer.Rewrite(await File.ReadAllBytesAsync(Path.Combine(CorpusDirectory, file)), callId);

        await peer.SendAsync(bytes);
        var final = await peer.ReceiveFinalAsync();

        var allowed = expect.Split('|');
        var offerSent = bytes.AsSpan().IndexOf("\r\n\r\nv=0"u8) >= 0;
        var outcome = final is null ? "drop" : Classify(final, offerSent);
        Assert.True(allowed.Contains(outcome) || (final is not null && allowed.Contains(final.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture))),
            $"{file}: expected {expect}, got {(final is null ? "no answer" : final.StatusCode + " " + final.ReasonPhrase)}");
        if (final is { IsSuccess: true } && final.CSeq?.Method == "INVITE")
        {
            await peer.HangUpAsync(final, delayedOffer: !offerSent);
            var record = await _host.WaitForEndedCallAsync(callId, TimeSpan.FromSeconds(5));
            Assert.Equal(IvrService.Storage.CallEndReason.CallerHangup, record.EndReason);
        }
    }

    private static string Classify(SipResponse response, bool offerSent)
    {
        if (!response.IsSuccess)
        {
            return response.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (response.CSeq?.Method != "INVITE")
        {
            return "200";
        }

        Assert.Matches(@"m=audio [1-9][0-9]* RTP/AVP", response.BodyText);
        return offerSent ? "2xx-sdp" : "2xx-offer";
    }
}
