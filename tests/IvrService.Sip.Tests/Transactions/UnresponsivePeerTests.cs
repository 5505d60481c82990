namespace IvrService.Sip.Tests.Transactions;

/// <summary>
/// Peers that stop cooperating: a BYE nobody answers, a re-INVITE's 2xx nobody acknowledges, and a scanner's flood of
/// INVITEs, OPTIONS and REGISTERs that never ACKs. Every transaction and dialog ends on its timer (RFC 3261 §13.3.1.4,
/// §17, RFC 6026), so nothing waits or stays in memory for ever.
/// </summary>
public sealed class UnresponsivePeerTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task ByeAsync_EndsWith408At64T1AndLeavesNothingBehind_WhenThePeerNeverAnswers()
    {
        await using var ua = new UserAgentFixture();
        using var peer = new RawSipPeer();
        await EstablishAsync(ua, peer, "bye-unanswered");
        var dialog = Assert.Single(ua.Agent.Dialogs);

        var ending = ua.Agent.ByeAsync(dialog);
        var bye = await peer.ExpectRequestAsync("BYE", Wait);
        await ua.AdvanceAsync(TimeSpan.FromSeconds(31));
        var earlyEnd = ending.IsCompleted;
        await ua.AdvanceAsync(TimeSpan.FromSeconds(1.5));
        var final = await ending.WaitAsync(Wait);

        Assert.Equal("BYE", bye.Method);
        Assert.False(earlyEnd, "gave up on the BYE before 64*T1");
        Assert.Equal(408, final.StatusCode);
        Assert.Equal(SipDialogState.Terminated, dialog.State);
        Assert.Equal(0, ua.Agent.DialogCount);
        Assert.Equal(0, ua.Agent.ClientTransactionCount);
    }

    [Fact]
    public async Task ReinviteAnswer_IsFollowedByBye_WhenItsAckNeverComes()
    {
        await using var ua = new UserAgentFixture();
        using var peer = new RawSipPeer();
        var timedOut = new TaskCompletionSource<SipDialog>(TaskCreationOptions.RunContinuationsAsynchronously);
        ua.Agent.Handlers.AckTimeout = d => timedOut.TrySetResult(d);
        var ok = await EstablishAsync(ua, peer, "reinvite-no-ack");

        peer.Send(RawSipPeer.Request("INVITE", peer.Port, "reinvite-no-ack", "z9hG4bKreinv2", cseq: 2, toTag: ok.To!.Tag), ua.EndPoint);
        await peer.ExpectResponseAsync(200, Wait);
        await ua.AdvanceAsync(TimeSpan.FromSeconds(32.5));
        var bye = await peer.ExpectRequestAsync("BYE", Wait);

        Assert.Equal("reinvite-no-ack", (await timedOut.Task.WaitAsync(Wait)).CallId);
        Assert.Equal(ok.To!.Tag, bye.From!.Tag);
        Assert.Equal(0, ua.Agent.DialogCount);
    }

    [Fact]
    public async Task InviteAsync_SendsTheAckAgain_WhenTheCalleeRetransmitsIts2xxBecauseOurAckWasLost()
    {
        await using var ua = new UserAgentFixture();
        using var callee = new RawSipPeer();
        var target = SipUri.Create("sip", "09121234567", "127.0.0.1", callee.Port);
        var call = new SipOutgoingCall(target, new SipNameAddress(SipUri.Create("sip", "ivr", "127.0.0.1")))
        {
            NextHop = new SipEndPoint(SipTransportKind.Udp, new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, callee.Port)),
        };
        var result = ua.Agent.InviteAsync(call);
        var invite = await callee.ExpectRequestAsync("INVITE", Wait);
        var ok = SipResponse.Create(invite, 200, toTag: "callee").ToBytes();

        callee.Send(ok, ua.EndPoint);
        var firstAck = await callee.ExpectRequestAsync("ACK", Wait);
        Assert.NotNull((await result.WaitAsync(Wait)).Dialog);
        callee.Send(ok, ua.EndPoint);
        var secondAck = await callee.ExpectRequestAsync("ACK", Wait);

        Assert.Equal(firstAck.CSeq, secondAck.CSeq);
        Assert.Equal("callee", secondAck.To!.Tag);
    }

    [Fact]
    public async Task ScannerFlood_LeavesNoTransactionDialogOrAckWaitBehind_OnceTheTimersRan()
    {
        // Arrange: INVITEs answered 200 and 486 that are never acknowledged, OPTIONS and REGISTERs, each with its own
        // Call-ID and branch; the scanner reads nothing and answers nothing (our BYEs included).
        const int PerKind = 40;
        await using var ua = new UserAgentFixture();
        using var scanner = new RawSipPeer();
        ua.Agent.Handlers.Invite = (tx, ct) =>
            tx.RespondAsync(tx.Request.CallId!.StartsWith("busy", StringComparison.Ordinal) ? 486 : 200, cancellationToken: ct).AsTask();

        // Act
        for (var i = 0; i < PerKind; i++)
        {
            scanner.Send(RawSipPeer.Request("INVITE", scanner.Port, "answered-" + i, "z9hG4bKans" + i), ua.EndPoint);
            scanner.Send(RawSipPeer.Request("INVITE", scanner.Port, "busy-" + i, "z9hG4bKbusy" + i), ua.EndPoint);
            scanner.Send(RawSipPeer.Request("OPTIONS", scanner.Port, "options-" + i, "z9hG4bKopt" + i), ua.EndPoint);
            scanner.Send(RawSipPeer.Request("REGISTER", scanner.Port, "register-" + i, "z9hG4bKreg" + i), ua.EndPoint);
        }

        var during = await WaitUntilAsync(() => ua.Agent.ServerTransactionCount == 4 * PerKind && ua.Agent.AwaitingAckCount == PerKind);
        var dialogsDuring = ua.Agent.DialogCount;

        // Timer L (2xx) and H (486) over UDP end the INVITEs at 64*T1, J the others; the BYEs after the missing
        // ACKs then time out (F) 64*T1 later.
        await ua.AdvanceAsync(TimeSpan.FromSeconds(32.5));
        await WaitUntilAsync(() => ua.Agent.ClientTransactionCount == PerKind);
        await ua.AdvanceAsync(TimeSpan.FromSeconds(32.5));
        var drained = await WaitUntilAsync(() => ua.Agent.ServerTransactionCount == 0 && ua.Agent.ClientTransactionCount == 0);

        // Assert
        Assert.True(during, $"expected {4 * PerKind} server transactions and {PerKind} ACK waits, had {ua.Agent.ServerTransactionCount} and {ua.Agent.AwaitingAckCount}");
        Assert.Equal(PerKind, dialogsDuring);
        Assert.True(drained, $"{ua.Agent.ServerTransactionCount} server and {ua.Agent.ClientTransactionCount} client transactions left");
        Assert.Equal(0, ua.Agent.DialogCount);
        Assert.Equal(0, ua.Agent.AwaitingAckCount);
        Assert.Equal(0, ua.Agent.PendingInviteCount);
    }

    /// <summary>INVITE answered 200 (by the handler, set to 200 when none is), ACKed; returns the 200.</summary>
    private static async Task<SipResponse> EstablishAsync(UserAgentFixture ua, RawSipPeer peer, string callId)
    {
        ua.Agent.Handlers.Invite ??= (tx, ct) => tx.RespondAsync(200, cancellationToken: ct).AsTask();
        var acked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        ua.Agent.Handlers.Ack = (_, _) => acked.TrySetResult();
        peer.Send(RawSipPeer.Request("INVITE", peer.Port, callId, "z9hG4bK" + callId + "-inv"), ua.EndPoint);
        var ok = await peer.ExpectResponseAsync(200, Wait);
        peer.Send(RawSipPeer.Request("ACK", peer.Port, callId, "z9hG4bK" + callId + "-ack", toTag: ok.To!.Tag), ua.EndPoint);
        await acked.Task.WaitAsync(Wait);
        return ok;
    }

    private static async Task<bool> WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(20);
        }

        return true;
    }
}
