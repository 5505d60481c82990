using System.Net;

namespace IvrService.Sip.Tests.Transactions;

public sealed class ServerTransactionTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(300);

    [Fact]
    public async Task RetransmittedInvite_ReachesHandlerOnce_AndGetsLastProvisionalAgain()
    {
        await using var ua = new UserAgentFixture();
        using var peer = new RawSipPeer();
        var calls = 0;
        ua.Agent.Handlers.Invite = async (tx, ct) =>
        {
            Interlocked.Increment(ref calls);
            await tx.RespondAsync(180, cancellationToken: ct);
        };
        var invite = RawSipPeer.Request("INVITE", peer.Port, "retx-1", "z9hG4bKretx1");

        peer.Send(invite, ua.EndPoint);
        await peer.ExpectResponseAsync(180, Wait);
        peer.Send(invite, ua.EndPoint);
        var again = await peer.ExpectResponseAsync(Wait);

        Assert.Equal(180, again.StatusCode);
        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task FailureResponse_IsRetransmittedWithTimerG_UntilAck()
    {
        await using var ua = new UserAgentFixture();
        using var peer = new RawSipPeer();
        ua.Agent.Handlers.Invite = (tx, ct) => tx.RespondAsync(486, cancellationToken: ct).AsTask();
        peer.Send(RawSipPeer.Request("INVITE", peer.Port, "timer-g", "z9hG4bKg1"), ua.EndPoint);
        await peer.ExpectResponseAsync(486, Wait);

        ua.Time.Advance(TimeSpan.FromMilliseconds(500));
        var first = await peer.ExpectResponseAsync(Wait);
        ua.Time.Advance(TimeSpan.FromMilliseconds(999));
        var early = await peer.ReceiveAsync(Quiet);
        ua.Time.Advance(TimeSpan.FromMilliseconds(1));
        var second = await peer.ExpectResponseAsync(Wait);
        peer.Send(RawSipPeer.Request("ACK", peer.Port, "timer-g", "z9hG4bKg1", toTag: second.To!.Tag), ua.EndPoint);
        await Task.Delay(500);
        ua.Time.Advance(TimeSpan.FromSeconds(4));
        var afterAck = await peer.ReceiveAsync(Quiet);

        Assert.Equal(486, first.StatusCode);
        Assert.Null(early);
        Assert.Equal(486, second.StatusCode);
        Assert.Null(afterAck);
    }

    [Fact]
    public async Task SuccessResponse_IsRetransmittedUntilAck_AndByeFollowsWhenAckNeverComes()
    {
        await using var ua = new UserAgentFixture();
        using var peer = new RawSipPeer();
        var timedOut = new TaskCompletionSource<SipDialog>();
        ua.Agent.Handlers.Invite = (tx, ct) => tx.RespondAsync(200, cancellationToken: ct).AsTask();
        ua.Agent.Handlers.AckTimeout = d => timedOut.TrySetResult(d);
        peer.Send(RawSipPeer.Request("INVITE", peer.Port, "no-ack", "z9hG4bKna"), ua.EndPoint);
        await peer.ExpectResponseAsync(200, Wait);

        var retransmissions = 0;
        SipMessage? bye = null;
        for (var elapsed = 0; elapsed < 32_000; elapsed += 500)
        {
            ua.Time.Advance(TimeSpan.FromMilliseconds(500));
            while (await peer.ReceiveAsync(TimeSpan.FromMilliseconds(30)) is { } message)
            {
                if (message is SipResponse { StatusCode: 200 })
                {
                    retransmissions++;
                }
                else
                {
                    bye = message;
                }
            }
        }

        bye ??= await peer.ReceiveAsync(Wait);

        // T1 doubling to T2 within 64*T1: 0.5, 1.5, 3.5, 7.5, 11.5, ... 31.5 s → 10 retransmissions.
        Assert.InRange(retransmissions, 9, 11);
        var request = Assert.IsType<SipRequest>(bye);
        Assert.Equal("BYE", request.Method);
        Assert.Equal("no-ack", (await timedOut.Task.WaitAsync(Wait)).CallId);
    }

    [Fact]
    public async Task SuccessResponse_StopsRetransmitting_WhenAckArrives()
    {
        await using var ua = new UserAgentFixture();
        using var peer = new RawSipPeer();
        var acked = new TaskCompletionSource();
        ua.Agent.Handlers.Invite = (tx, ct) => tx.RespondAsync(200, cancellationToken: ct).AsTask();
        ua.Agent.Handlers.Ack = (_, _) => acked.TrySetResult();
        peer.Send(RawSipPeer.Request("INVITE", peer.Port, "acked", "z9hG4bKak"), ua.EndPoint);
        var ok = await peer.ExpectResponseAsync(200, Wait);

        peer.Send(RawSipPeer.Request("ACK", peer.Port, "acked", "z9hG4bKak2", toTag: ok.To!.Tag), ua.EndPoint);
        await acked.Task.WaitAsync(Wait);
        ua.Time.Advance(TimeSpan.FromSeconds(2));
        var after = await peer.ReceiveAsync(Quiet);

        Assert.Null(after);
        Assert.Equal(1, ua.Agent.DialogCount);
    }

    [Fact]
    public async Task NonInviteFinalResponse_IsResent_WhenRequestIsRetransmittedWithinTimerJ()
    {
        await using var ua = new UserAgentFixture();
        using var peer = new RawSipPeer();
        var options = RawSipPeer.Request("OPTIONS", peer.Port, "opt-j", "z9hG4bKj1");
        peer.Send(options, ua.EndPoint);
        var first = await peer.ExpectResponseAsync(Wait);

        peer.Send(options, ua.EndPoint);
        var second = await peer.ExpectResponseAsync(Wait);
        ua.Time.Advance(TimeSpan.FromSeconds(33));
        await Task.Delay(50);
        peer.Send(options, ua.EndPoint);
        var afterJ = await peer.ExpectResponseAsync(Wait);

        Assert.Equal(200, first.StatusCode);
        Assert.Equal(200, second.StatusCode);
        Assert.Equal(200, afterJ.StatusCode);
        Assert.Contains("INVITE", first.Headers[SipHeaderNames.Allow], StringComparison.Ordinal);
        Assert.NotNull(first.Headers[SipHeaderNames.Accept]);
        Assert.True(first.Headers.Contains(SipHeaderNames.Supported));
    }

    [Fact]
    public async Task Options_Gets503WithRetryAfterAsAnInviteWould_WhenAgentStoppedAcceptingCalls()
    {
        await using var ua = new UserAgentFixture();
        using var peer = new RawSipPeer();
        async Task<SipResponse> AskAsync(string method, string callId)
        {
            peer.Send(RawSipPeer.Request(method, peer.Port, callId, "z9hG4bK" + callId), ua.EndPoint);
            return await peer.ExpectResponseAsync(Wait);
        }

        var before = await AskAsync("OPTIONS", "opt-before");
        ua.Agent.StopAcceptingCalls();
        var options = await AskAsync("OPTIONS", "opt-draining");
        var invite = await AskAsync("INVITE", "inv-draining");

        Assert.Equal(200, before.StatusCode);
        Assert.Equal(503, options.StatusCode);
        Assert.Equal(invite.StatusCode, options.StatusCode);
        Assert.Equal("30", options.Headers[SipHeaderNames.RetryAfter]);
        Assert.Contains("OPTIONS", options.Headers[SipHeaderNames.Allow], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Options_Gets200_WhenInsideADialogOfADrainingAgent()
    {
        await using var ua = new UserAgentFixture();
        using var peer = new RawSipPeer();
        var ok = await EstablishAsync(ua, peer, "opt-dialog");

        ua.Agent.StopAcceptingCalls();
        peer.Send(RawSipPeer.Request("OPTIONS", peer.Port, "opt-dialog", "z9hG4bKdo", cseq: 2, toTag: ok.To!.Tag), ua.EndPoint);
        var options = await peer.ExpectResponseAsync(Wait);

        Assert.Equal(200, options.StatusCode);
    }

    [Fact]
    public async Task Answer_CarriesTheInvitesRecordRoutesInOrder_AndOurByeFollowsThem()
    {
        await using var ua = new UserAgentFixture();
        using var peer = new RawSipPeer();
        string[] recordRoutes = [$"<sip:127.0.0.1:{peer.Port};lr>", "<sip:10.9.9.9;lr;ftag=x>"];

        var ok = await EstablishAsync(ua, peer, "rr-1", contact: "sip:caller@10.8.8.8:5060",
            extraHeaders: $"Record-Route: {recordRoutes[0]}\r\nRecord-Route: {recordRoutes[1]}\r\n");
        var bye = await ByeFromAgentAsync(ua, peer);

        Assert.Equal(recordRoutes, ok.Headers.GetLines(SipHeaderNames.RecordRoute));
        Assert.Equal("sip:caller@10.8.8.8:5060", bye.Uri.ToString());
        Assert.Equal(recordRoutes, bye.Headers.GetLines(SipHeaderNames.Route));
    }

    [Fact]
    public async Task Cancel_Gets200AndInviteGets487_WhenInviteIsPending()
    {
        await using var ua = new UserAgentFixture();
        using var peer = new RawSipPeer();
        var cancelled = new TaskCompletionSource();
        ua.Agent.Handlers.Invite = async (tx, ct) =>
        {
            await tx.RespondAsync(180, cancellationToken: ct);
            tx.CancellationRequested.Register(() => cancelled.TrySetResult());
        };
        peer.Send(RawSipPeer.Request("INVITE", peer.Port, "cancel-1", "z9hG4bKc1"), ua.EndPoint);
        await peer.ExpectResponseAsync(180, Wait);

        peer.Send(RawSipPeer.Request("CANCEL", peer.Port, "cancel-1", "z9hG4bKc1"), ua.EndPoint);
        var responses = new List<int>();
        for (var i = 0; i < 2; i++)
        {
            responses.Add((await peer.ExpectResponseAsync(Wait)).StatusCode);
        }

        Assert.Contains(200, responses);
        Assert.Contains(487, responses);
        await cancelled.Task.WaitAsync(Wait);
    }

    [Fact]
    public async Task Cancel_Gets481_WhenNoInviteMatches()
    {
        await using var ua = new UserAgentFixture();
        using var peer = new RawSipPeer();

        peer.Send(RawSipPeer.Request("CANCEL", peer.Port, "cancel-none", "z9hG4bKnone"), ua.EndPoint);
        var response = await peer.ExpectResponseAsync(Wait);

        Assert.Equal(481, response.StatusCode);
    }

    [Theory]
    [InlineData("BYE", 481)]
    [InlineData("INFO", 481)]
    [InlineData("UPDATE", 481)]
    [InlineData("REGISTER", 405)]
    [InlineData("SUBSCRIBE", 405)]
    [InlineData("FOOBAR", 501)]
    public async Task Request_GetsRfcStatus_WhenAgentCannotServeIt(string method, int expected)
    {
        await using var ua = new UserAgentFixture();
        using var peer = new RawSipPeer();
        var toTag = method is "BYE" or "INFO" or "UPDATE" ? "unknown-dialog" : null;

        peer.Send(RawSipPeer.Request(method, peer.Port, "status-" + method, "z9hG4bK" + method, toTag: toTag), ua.EndPoint);
        var response = await peer.ExpectResponseAsync(Wait);

        Assert.Equal(expected, response.StatusCode);
        if (expected is 405 or 501)
        {
            Assert.NotNull(response.Headers[SipHeaderNames.Allow]);
        }
    }

    [Fact]
    public async Task Invite_Gets420WithUnsupported_WhenRequireNamesUnknownExtension()
    {
        await using var ua = new UserAgentFixture();
        using var peer = new RawSipPeer();
        ua.Agent.Handlers.Invite = (tx, ct) => tx.RespondAsync(200, cancellationToken: ct).AsTask();

        peer.Send(RawSipPeer.Request("INVITE", peer.Port, "req-420", "z9hG4bK420", extraHeaders: "Require: 100rel, nosuchext\r\n"), ua.EndPoint);
        var response = await peer.ExpectResponseAsync(420, Wait);

        Assert.Equal("100rel, nosuchext", response.Headers[SipHeaderNames.Unsupported]);
    }

    [Fact]
    public async Task MergedInvite_Gets482_WhenSameRequestArrivesByAnotherPath()
    {
        await using var ua = new UserAgentFixture();
        using var peer = new RawSipPeer();
        ua.Agent.Handlers.Invite = (tx, ct) => tx.RespondAsync(180, cancellationToken: ct).AsTask();
        peer.Send(RawSipPeer.Request("INVITE", peer.Port, "merged", "z9hG4bKpath1"), ua.EndPoint);
        await peer.ExpectResponseAsync(180, Wait);

        peer.Send(RawSipPeer.Request("INVITE", peer.Port, "merged", "z9hG4bKpath2"), ua.EndPoint);
        var response = await peer.ExpectResponseAsync(482, Wait);

        Assert.Equal(482, response.StatusCode);
    }

    [Fact]
    public async Task Reinvite_Gets491_WhenOurOwnReinviteIsPending()
    {
        await using var ua = new UserAgentFixture();
        using var peer = new RawSipPeer();
        var ok = await EstablishAsync(ua, peer, "glare");
        var dialog = Assert.Single(ua.Agent.Dialogs);
        dialog.LocalInvitePending = true;

        peer.Send(RawSipPeer.Request("INVITE", peer.Port, "glare", "z9hG4bKgl3", cseq: 2, toTag: ok.To!.Tag), ua.EndPoint);
        var response = await peer.ExpectResponseAsync(491, Wait);

        Assert.Equal(491, response.StatusCode);
    }

    [Fact]
    public async Task Response_GoesToSourcePort_WhenViaAsksForRport()
    {
        await using var ua = new UserAgentFixture();
        using var peer = new RawSipPeer();
        var text = RawSipPeer.Request("OPTIONS", 9, "rport", "z9hG4bKrp");

        peer.Send(text, ua.EndPoint);
        var response = await peer.ExpectResponseAsync(Wait);

        var via = response.TopVia!;
        Assert.Equal(peer.Port, via.RportValue);
        Assert.Equal("127.0.0.1", via.Received);
        Assert.Equal(IPAddress.Loopback.ToString(), via.Received);
    }

    [Fact]
    public async Task Bye_ReachesACallerBehindNat_WhenItsContactIsNotWhereItsPacketsComeFrom()
    {
        await using var ua = new UserAgentFixture();
        using var peer = new RawSipPeer();
        await EstablishAsync(ua, peer, "nat-bye", contact: "sip:caller@10.9.9.9:5060");

        var bye = await ByeFromAgentAsync(ua, peer);

        Assert.Equal("sip:caller@10.9.9.9:5060", bye.Uri.ToString());
    }

    /// <summary>
    /// Sends an INVITE (Contact <paramref name="contact"/> instead of the peer's own, <paramref name="extraHeaders"/>
    /// added) that the agent answers 200, acknowledges it and lets the agent settle; returns the 200.
    /// </summary>
    private static async Task<SipResponse> EstablishAsync(UserAgentFixture ua, RawSipPeer peer, string callId, string? contact = null, string extraHeaders = "")
    {
        ua.Agent.Handlers.Invite ??= (tx, ct) => tx.RespondAsync(200, cancellationToken: ct).AsTask();
        var invite = RawSipPeer.Request("INVITE", peer.Port, callId, "z9hG4bK" + callId + "-inv", extraHeaders: extraHeaders);
        if (contact is not null)
        {
            invite = invite.Replace($"Contact: <sip:caller@127.0.0.1:{peer.Port}>", $"Contact: <{contact}>", StringComparison.Ordinal);
        }

        peer.Send(invite, ua.EndPoint);
        var ok = await peer.ExpectResponseAsync(200, Wait);
        peer.Send(RawSipPeer.Request("ACK", peer.Port, callId, "z9hG4bK" + callId + "-ack", toTag: ok.To!.Tag), ua.EndPoint);
        await Task.Delay(500);
        return ok;
    }

    /// <summary>Has the agent end its one dialog with BYE, answers the BYE 200 and returns it.</summary>
    private static async Task<SipRequest> ByeFromAgentAsync(UserAgentFixture ua, RawSipPeer peer)
    {
        var ending = ua.Agent.ByeAsync(Assert.Single(ua.Agent.Dialogs));
        var bye = Assert.IsType<SipRequest>(await peer.ReceiveAsync(Wait));
        Assert.Equal("BYE", bye.Method);
        peer.Send(SipResponse.Create(bye, 200).ToBytes(), ua.EndPoint);
        Assert.Equal(200, (await ending.WaitAsync(Wait)).StatusCode);
        return bye;
    }
}
