using System.Globalization;
using IvrService.Media;
using IvrService.Sip;
using IvrService.Storage;
using IvrService.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace IvrService.IntegrationTests.Sip;

/// <summary>
/// Callers that stop cooperating after the answer: one that never ACKs the 200 (RFC 3261 §13.3.1.4), a scanner's
/// burst of such INVITEs, and one whose side answers our REFER with 481, no longer knowing the dialog, or not at all
/// (§12.2.1.2).
/// Either way the call ends on its own,
/// is recorded with the status that ended it, and gives its media port back. T1 is 50 ms, so 64*T1 is 3.2 s; the
/// media timeout is long enough not to end the calls first.
/// </summary>
public sealed class UnresponsiveCallerTests : IAsyncLifetime
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan T1 = TimeSpan.FromMilliseconds(50);

    private readonly IvrHostFixture _host = new();

    public async Task InitializeAsync()
    {
        _host.Settings["Sip:T1Milliseconds"] = T1.TotalMilliseconds.ToString(CultureInfo.InvariantCulture);
        _host.Settings["Sip:T2Milliseconds"] = "400";
        _host.Settings["Media:MediaTimeoutSeconds"] = "60";
        _host.Settings["Flows:InboundMenu"] = "ivr-test";
        _host.Settings["Flows:TransferDestinations:operator"] = "sip:operator@127.0.0.1:" + FreePorts.Next().ToString(CultureInfo.InvariantCulture);
        await _host.InitializeAsync();
    }

    public Task DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task Answer_IsRetransmittedThenEndedWithByeAndRecorded_WhenTheAckNeverComes()
    {
        // Arrange
        using var timeout = new CancellationTokenSource(RunTimeout);
        using var caller = new RawSipPhone(_host);
        await caller.SendInviteAsync();
        var ok = await caller.ExpectAsync<SipResponse>(r => r.StatusCode == 200, TimeSpan.FromSeconds(10));
        var answeredAt = DateTime.UtcNow;

        // Act: no ACK; the product retransmits its 200 and then hangs up.
        var meanwhile = new List<SipMessage>();
        var bye = await caller.ExpectAsync<SipRequest>(r => r.Method == SipMethods.Bye, TimeSpan.FromSeconds(15), meanwhile);
        var byeAfter = DateTime.UtcNow - answeredAt;
        await caller.RespondAsync(bye, 200);
        var record = await Media.MediaCalls.WaitForMediaClosedAsync(_host, caller.CallId, timeout.Token);

        // Assert: T1, 2T1, 4T1, then T2 apart within 64*T1 (3.2 s) is about ten; a loaded machine may lose a few.
        var retransmissions = meanwhile.Count(m => m is SipResponse { StatusCode: 200 } r && r.CSeq?.Method == SipMethods.Invite);
        Assert.InRange(retransmissions, 5, 12);
        Assert.True(byeAfter >= T1 * 64 - TimeSpan.FromMilliseconds(300), $"BYE came {byeAfter} after the answer, before 64*T1");
        Assert.Equal(ok.To!.Tag, bye.From!.Tag);
        Assert.Equal(CallEndReason.IvrHangup, record.EndReason);
        Assert.Equal(408, record.SipStatus);
        Assert.NotNull(record.AnsweredAt);
        Assert.Equal(0, _host.Services.GetRequiredService<MediaEngine>().ActiveSessions);
    }

    [Fact]
    public async Task InviteFlood_EveryCallEndsAndEveryPortComesBack_WhenNoCallerAcksOrAnswersOurBye()
    {
        // Arrange: a scanner's burst of INVITEs, each with its own Call-ID, that reads nothing and answers nothing.
        const int Calls = 20;
        using var timeout = new CancellationTokenSource(RunTimeout);
        var callers = Enumerable.Range(0, Calls).Select(_ => new RawSipPhone(_host)).ToList();
        try
        {
            // Act
            foreach (var caller in callers)
            {
                await caller.SendInviteAsync();
            }

            var records = new List<CallRecord>();
            foreach (var caller in callers)
            {
                records.Add(await Media.MediaCalls.WaitForMediaClosedAsync(_host, caller.CallId, timeout.Token));
            }

            // Assert
            Assert.All(records, r => Assert.Equal((CallEndReason.IvrHangup, 408), (r.EndReason!.Value, r.SipStatus!.Value)));
            Assert.Equal(0, _host.Services.GetRequiredService<MediaEngine>().ActiveSessions);
        }
        finally
        {
            callers.ForEach(c => c.Dispose());
        }
    }

    [Fact]
    public async Task ReferNeverAnswered_EndsTheCallWithByeAndRecords408_At64T1()
    {
        // Arrange: the caller presses 0 for the operator, then its side goes quiet.
        using var timeout = new CancellationTokenSource(RunTimeout);
        using var caller = new RawSipPhone(_host);
        var ok = await AnswerAndPressOperatorAsync(caller, timeout.Token);

        // Act: the REFER is retransmitted and never answered; the BYE after its 408 is answered.
        var refers = new List<SipMessage>();
        await caller.ExpectAsync<SipRequest>(r => r.Method == SipMethods.Refer, TimeSpan.FromSeconds(20));
        var bye = await caller.ExpectAsync<SipRequest>(r => r.Method == SipMethods.Bye, TimeSpan.FromSeconds(15), refers);
        await caller.RespondAsync(bye, 200);
        var record = await Media.MediaCalls.WaitForMediaClosedAsync(_host, caller.CallId, timeout.Token);

        // Assert
        Assert.Contains(refers, m => m is SipRequest { Method: SipMethods.Refer });
        Assert.Equal(CallEndReason.IvrHangup, record.EndReason);
        Assert.Equal(408, record.SipStatus);
        Assert.Equal(0, _host.Services.GetRequiredService<MediaEngine>().ActiveSessions);
    }

    [Fact]
    public async Task ReferAnswered481_EndsTheCallWithoutByeAndRecords481_InsteadOfGoingOnWithTheMenu()
    {
        // Arrange: the caller is in the menu and presses 0 for the operator (SIP INFO, as some phones send keys).
        using var timeout = new CancellationTokenSource(RunTimeout);
        using var caller = new RawSipPhone(_host);
        var ok = await AnswerAndPressOperatorAsync(caller, timeout.Token);

        // Act: the caller's side has lost the dialog and answers the transfer with 481.
        var refer = await caller.ExpectAsync<SipRequest>(r => r.Method == SipMethods.Refer, TimeSpan.FromSeconds(20));
        await caller.RespondAsync(refer, 481);
        var record = await Media.MediaCalls.WaitForMediaClosedAsync(_host, caller.CallId, timeout.Token);
        var after = new List<SipMessage>();
        while (await caller.ReceiveAsync(TimeSpan.FromSeconds(1)) is { } message)
        {
            after.Add(message);
        }

        // Assert
        Assert.Equal(CallEndReason.IvrHangup, record.EndReason);
        Assert.Equal(481, record.SipStatus);
        Assert.DoesNotContain(after, m => m is SipRequest { Method: SipMethods.Bye });
        Assert.Equal(0, _host.Services.GetRequiredService<MediaEngine>().ActiveSessions);
        Assert.Equal("abandoned", (await _host.WaitForFlowAsync(caller.CallId, timeout.Token)).Outcome);
    }

    /// <summary>The caller's call is answered, and 2 s into the menu it presses 0 for the operator (SIP INFO, as some phones send keys).</summary>
    private static async Task<SipResponse> AnswerAndPressOperatorAsync(RawSipPhone caller, CancellationToken cancellationToken)
    {
        await caller.SendInviteAsync();
        var ok = await caller.ExpectAsync<SipResponse>(r => r.StatusCode == 200, TimeSpan.FromSeconds(10));
        await caller.SendAckAsync(ok);
        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
        await caller.SendInDialogAsync(ok, SipMethods.Info, "application/dtmf-relay", "Signal=0\r\nDuration=160\r\n");
        return ok;
    }
}
