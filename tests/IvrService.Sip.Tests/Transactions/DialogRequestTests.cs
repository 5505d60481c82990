namespace IvrService.Sip.Tests.Transactions;

public sealed class DialogRequestTests
{
    [Fact]
    public void CreateRequest_SendsToTheTargetWithRoutes_WhenRouteSetIsLooseRouting()
    {
        var dialog = NewDialog(["<sip:proxy1.example.com;lr>", "<sip:proxy2.example.com;lr>"]);

        var bye = dialog.CreateRequest(SipMethods.Bye);

        Assert.Equal("sip:caller@192.0.2.10:5062", bye.Uri.ToString());
        Assert.Equal(["<sip:proxy1.example.com;lr>", "<sip:proxy2.example.com;lr>"], bye.Headers.GetLines(SipHeaderNames.Route));
        Assert.Equal("43 BYE", bye.Headers[SipHeaderNames.CSeq]);
        Assert.Equal("ours", bye.From!.Tag);
        Assert.Equal("theirs", bye.To!.Tag);
    }

    [Fact]
    public void CreateRequest_PutsTheFirstRouteInTheRequestUri_WhenItIsAStrictRouter()
    {
        var dialog = NewDialog(["<sip:strict.example.com>", "<sip:proxy2.example.com;lr>"]);

        var bye = dialog.CreateRequest(SipMethods.Bye);

        Assert.Equal("sip:strict.example.com", bye.Uri.ToString());
        Assert.Equal(["<sip:proxy2.example.com;lr>", "<sip:caller@192.0.2.10:5062>"], bye.Headers.GetLines(SipHeaderNames.Route));
    }

    [Fact]
    public void CreateRequest_CountsCSeqUp_ButAckKeepsTheInvitesNumber()
    {
        var dialog = NewDialog([]);

        var info = dialog.CreateRequest(SipMethods.Info);
        var bye = dialog.CreateRequest(SipMethods.Bye);
        var ack = dialog.CreateRequest(SipMethods.Ack);

        Assert.Equal(43u, info.CSeq!.Value.Number);
        Assert.Equal(44u, bye.CSeq!.Value.Number);
        Assert.Equal(44u, ack.CSeq!.Value.Number);
    }

    private static SipDialog NewDialog(string[] routes)
    {
        var local = SipNameAddress.TryParse("<sip:ivr@198.51.100.1>;tag=ours", out var l) ? l : throw new InvalidOperationException();
        var remote = SipNameAddress.TryParse("<sip:caller@example.com>;tag=theirs", out var r) ? r : throw new InvalidOperationException();
        var routeSet = routes.Select(x => SipNameAddress.TryParse(x, out var a) ? a : throw new InvalidOperationException(x)).ToList();
        return new SipDialog(
            isCaller: false,
            "dialog-call-id",
            local,
            remote,
            SipUri.Parse("sip:caller@192.0.2.10:5062"),
            routeSet,
            localSequence: 42,
            remoteSequence: 7,
            new SipEndPoint(SipTransportKind.Udp, new System.Net.IPEndPoint(System.Net.IPAddress.Parse("192.0.2.10"), 5062)),
            SipUri.Parse("sip:ivr@198.51.100.1:5060"));
    }
}
