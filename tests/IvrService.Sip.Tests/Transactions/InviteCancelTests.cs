using System.Net;

namespace IvrService.Sip.Tests.Transactions;

/// <summary>
/// An outgoing call that rings too long is CANCELled; a callee that never sends the INVITE's final response must not
/// hold the call: after 64*T1 the INVITE counts as cancelled (RFC 3261 §9.1). A stopped agent ends pending calls.
/// </summary>
public sealed class InviteCancelTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task InviteAsync_EndsAsCancelledAt64T1_WhenTheCalleeNeverAnswersTheCancelWithAFinalResponse(bool cancelAcknowledged)
    {
        await using var ua = new UserAgentFixture();
        using var callee = new RawSipPeer();
        var call = RingingCall(callee, TimeSpan.FromSeconds(1));
        var result = ua.Agent.InviteAsync(call);
        var invite = await callee.ExpectRequestAsync("INVITE", Wait);
        callee.Send(SipResponse.Create(invite, 180, toTag: "callee").ToBytes(), ua.EndPoint);
        await Task.Delay(100);

        ua.Time.Advance(TimeSpan.FromSeconds(1));
        var cancel = await callee.ExpectRequestAsync("CANCEL", Wait);
        if (cancelAcknowledged)
        {
            callee.Send(SipResponse.Create(cancel, 200, toTag: "callee").ToBytes(), ua.EndPoint);
        }

        await ua.AdvanceAsync(TimeSpan.FromSeconds(31));
        Assert.False(result.IsCompleted, "gave up on the INVITE before 64*T1");
        await ua.AdvanceAsync(TimeSpan.FromSeconds(2));
        var outcome = await result.WaitAsync(Wait);

        Assert.True(outcome.CancelledByUs);
        Assert.False(outcome.Answered);
        Assert.Equal(487, outcome.FinalResponse.StatusCode);
        Assert.Equal(invite.TopVia!.Branch, cancel.TopVia!.Branch);
    }

    [Fact]
    public async Task InviteAsync_AcknowledgesAndEndsA2xxThatCrossedTheCancel_WhenTheCallersTokenCancelledIt()
    {
        await using var ua = new UserAgentFixture();
        using var callee = new RawSipPeer();
        using var giveUp = new CancellationTokenSource();
        var result = ua.Agent.InviteAsync(RingingCall(callee, TimeSpan.FromMinutes(5)), giveUp.Token);
        var invite = await callee.ExpectRequestAsync("INVITE", Wait);
        callee.Send(SipResponse.Create(invite, 180, toTag: "callee").ToBytes(), ua.EndPoint);
        await Task.Delay(100);

        await giveUp.CancelAsync();
        var cancel = await callee.ExpectRequestAsync("CANCEL", Wait);
        callee.Send(SipResponse.Create(invite, 200, toTag: "callee").ToBytes(), ua.EndPoint);
        callee.Send(SipResponse.Create(cancel, 200, toTag: "callee").ToBytes(), ua.EndPoint);
        var ack = await callee.ExpectRequestAsync("ACK", Wait);
        var bye = await callee.ExpectRequestAsync("BYE", Wait);
        callee.Send(SipResponse.Create(bye, 200).ToBytes(), ua.EndPoint);
        var outcome = await result.WaitAsync(Wait);

        Assert.True(outcome.CancelledByUs);
        Assert.Null(outcome.Dialog);
        Assert.Equal("callee", ack.To!.Tag);
        Assert.Equal(invite.CallId, bye.CallId);
        Assert.Equal(0, ua.Agent.DialogCount);
    }

    [Fact]
    public async Task InviteAsync_EndsWith503_WhenTheAgentStopsWhileItRings()
    {
        var ua = new UserAgentFixture();
        using var callee = new RawSipPeer();
        var result = ua.Agent.InviteAsync(RingingCall(callee, TimeSpan.FromMinutes(5)));
        var invite = await callee.ExpectRequestAsync("INVITE", Wait);
        callee.Send(SipResponse.Create(invite, 180, toTag: "callee").ToBytes(), ua.EndPoint);
        await Task.Delay(100);

        await ua.DisposeAsync();
        var outcome = await result.WaitAsync(Wait);

        Assert.False(outcome.Answered);
        Assert.Equal(503, outcome.FinalResponse.StatusCode);
    }

    private static SipOutgoingCall RingingCall(RawSipPeer callee, TimeSpan ringTimeout) =>
        new(SipUri.Create("sip", "09121234567", "127.0.0.1", callee.Port), new SipNameAddress(SipUri.Create("sip", "ivr", "127.0.0.1")))
        {
            NextHop = new SipEndPoint(SipTransportKind.Udp, new IPEndPoint(IPAddress.Loopback, callee.Port)),
            RingTimeout = ringTimeout,
        };
}
