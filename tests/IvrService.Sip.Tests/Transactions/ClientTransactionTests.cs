using System.Net;

namespace IvrService.Sip.Tests.Transactions;

public sealed class ClientTransactionTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(200);

    [Theory]
    [InlineData("INVITE", new[] { 500, 1500, 3500, 7500, 15500, 31500 })]

    // E: 0.5, 1.5, 3.5, 7.5 s, then every T2 (4 s) until F at 32 s.
    [InlineData("OPTIONS", new[] { 500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500 })]
    public async Task Request_IsRetransmittedOnTheRfcSchedule_AndEndsWith408At64T1(string method, int[] expectedSendTimes)
    {
        await using var ua = new UserAgentFixture();
        using var silent = new RawSipPeer();
        var target = SipUri.Create("sip", "bob", "127.0.0.1", silent.Port);
        var transaction = await ua.Agent.SendRequestAsync(NewRequest(method, target), new SipEndPoint(SipTransportKind.Udp, new IPEndPoint(IPAddress.Loopback, silent.Port)));
        Assert.NotNull(await silent.ReceiveAsync(Wait));

        var sendTimes = new List<int>();
        for (var ms = 0; ms < 32_000; ms += 250)
        {
            ua.Time.Advance(TimeSpan.FromMilliseconds(250));
            if (await silent.ReceiveAsync(TimeSpan.FromMilliseconds(40)) is not null)
            {
                sendTimes.Add(ms + 250);
            }
        }

        var final = await transaction.Completion.WaitAsync(Wait);

        Assert.Equal(expectedSendTimes, sendTimes);
        Assert.Equal(408, final.StatusCode);
    }

    [Fact]
    public async Task Invite_SendsAckOnTheSameBranch_WhenFinalResponseIsFailure()
    {
        await using var ua = new UserAgentFixture();
        using var peer = new RawSipPeer();
        var target = SipUri.Create("sip", "bob", "127.0.0.1", peer.Port);
        var transaction = await ua.Agent.SendRequestAsync(NewRequest("INVITE", target), new SipEndPoint(SipTransportKind.Udp, new IPEndPoint(IPAddress.Loopback, peer.Port)));
        var invite = Assert.IsType<SipRequest>(await peer.ReceiveAsync(Wait));

        var busy = SipResponse.Create(invite, 486, toTag: "callee");
        peer.Send(busy.ToBytes(), ua.EndPoint);
        var ack = Assert.IsType<SipRequest>(await peer.ReceiveAsync(Wait));
        peer.Send(busy.ToBytes(), ua.EndPoint);
        var ackAgain = Assert.IsType<SipRequest>(await peer.ReceiveAsync(Wait));

        Assert.Equal(486, (await transaction.Completion.WaitAsync(Wait)).StatusCode);
        Assert.Equal("ACK", ack.Method);
        Assert.Equal(invite.TopVia!.Branch, ack.TopVia!.Branch);
        Assert.Equal("callee", ack.To!.Tag);
        Assert.Equal("ACK", ackAgain.Method);
        Assert.Null(await peer.ReceiveAsync(Quiet));
    }

    [Fact]
    public async Task Response_IsDeliveredOnce_WhenRetransmittedForNonInvite()
    {
        await using var ua = new UserAgentFixture();
        using var peer = new RawSipPeer();
        var target = SipUri.Create("sip", "bob", "127.0.0.1", peer.Port);
        var transaction = await ua.Agent.SendRequestAsync(NewRequest("OPTIONS", target), new SipEndPoint(SipTransportKind.Udp, new IPEndPoint(IPAddress.Loopback, peer.Port)));
        var options = Assert.IsType<SipRequest>(await peer.ReceiveAsync(Wait));

        var ok = SipResponse.Create(options, 200, toTag: "x");
        peer.Send(ok.ToBytes(), ua.EndPoint);
        peer.Send(ok.ToBytes(), ua.EndPoint);
        await transaction.Completion.WaitAsync(Wait);
        await Task.Delay(100);
        ua.Time.Advance(TimeSpan.FromSeconds(6));

        var received = new List<SipResponse>();
        await foreach (var response in transaction.Responses.ReadAllAsync().WithCancellation(new CancellationTokenSource(Wait).Token))
        {
            received.Add(response);
        }

        Assert.Single(received);
    }

    private static SipRequest NewRequest(string method, SipUri target)
    {
        var request = new SipRequest(method, target);
        request.Headers.Add(SipHeaderNames.From, "<sip:ivr@127.0.0.1>;tag=" + SipIds.NewTag());
        request.Headers.Add(SipHeaderNames.To, "<" + target + ">");
        request.Headers.Add(SipHeaderNames.CallId, SipIds.NewCallId());
        request.Headers.Add(SipHeaderNames.CSeq, "1 " + method);
        return request;
    }
}
