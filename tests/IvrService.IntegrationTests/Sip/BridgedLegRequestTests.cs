using System.Globalization;
using IvrService.Sip;
using IvrService.Storage;
using IvrService.Testing;

namespace IvrService.IntegrationTests.Sip;

/// <summary>
/// The destination of a bridged transfer re-INVITEs the IVR (hold, a session refresh): the re-INVITE is answered on
/// the leg and the bridged call goes on, where a 481 would make the destination hang up (RFC 3261 §12.2.1.2); and a
/// destination that never ACKs that answer has its leg ended with BYE at 64*T1, and the caller with it. The caller and
/// the destination are both hand-written UDP phones; T1 is 50 ms.
/// </summary>
public sealed class BridgedLegRequestTests : IAsyncLifetime
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    private readonly IvrHostFixture _host = new();
    private readonly int _operatorPort = FreePorts.Next();

    public async Task InitializeAsync()
    {
        _host.Settings["Sip:T1Milliseconds"] = "50";
        _host.Settings["Sip:T2Milliseconds"] = "400";
        _host.Settings["Media:MediaTimeoutSeconds"] = "60";
        _host.Settings["Flows:InboundMenu"] = "bridge-test";
        _host.Settings["Flows:TransferDestinations:operator"] = "sip:operator@127.0.0.1:" + _operatorPort.ToString(CultureInfo.InvariantCulture);
        await _host.InitializeAsync();
    }

    public Task DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task DestinationReinvite_IsAnsweredOnTheLeg_AndTheBridgedCallGoesOn()
    {
        // Arrange
        using var timeout = new CancellationTokenSource(RunTimeout);
        using var caller = new RawSipPhone(_host);
        using var destination = new RawSipPhone(_host, _operatorPort);
        var (callerOk, legInvite) = await BridgeAsync(caller, destination, timeout.Token);

        // Act: the destination puts the caller on hold.
        await destination.SendReinviteAsync(legInvite, "sendonly");
        var answer = await destination.ExpectAsync<SipResponse>(r => r.CSeq?.Method == SipMethods.Invite, Wait);
        await destination.SendCalleeAckAsync(legInvite, answer);
        var callerMeanwhile = new List<SipMessage>();
        while (await caller.ReceiveAsync(TimeSpan.FromSeconds(1)) is { } message)
        {
            callerMeanwhile.Add(message);
        }

        await caller.SendInDialogAsync(callerOk, SipMethods.Bye);
        var legBye = await destination.ExpectAsync<SipRequest>(r => r.Method == SipMethods.Bye, Wait);
        await destination.RespondAsync(legBye, 200);
        var record = await _host.WaitForEndedCallAsync(caller.CallId, Wait).WaitAsync(timeout.Token);

        // Assert
        Assert.Equal(200, answer.StatusCode);
        Assert.Contains("a=recvonly", answer.BodyText, StringComparison.Ordinal);
        Assert.DoesNotContain(callerMeanwhile, m => m is SipRequest { Method: SipMethods.Bye });
        Assert.Equal(CallEndReason.CallerHangup, record.EndReason);
    }

    [Fact]
    public async Task DestinationReinviteNeverAcked_EndsTheLegAndTheCallerWithBye()
    {
        // Arrange
        using var timeout = new CancellationTokenSource(RunTimeout);
        using var caller = new RawSipPhone(_host);
        using var destination = new RawSipPhone(_host, _operatorPort);
        var (_, legInvite) = await BridgeAsync(caller, destination, timeout.Token);

        // Act: the destination re-INVITEs, takes the 200 and is gone.
        await destination.SendReinviteAsync(legInvite, "sendrecv");
        await destination.ExpectAsync<SipResponse>(r => r.StatusCode == 200 && r.CSeq?.Method == SipMethods.Invite, Wait);
        var legBye = await destination.ExpectAsync<SipRequest>(r => r.Method == SipMethods.Bye, Wait);
        var callerBye = await caller.ExpectAsync<SipRequest>(r => r.Method == SipMethods.Bye, Wait);
        await caller.RespondAsync(callerBye, 200);
        var record = await _host.WaitForEndedCallAsync(caller.CallId, Wait).WaitAsync(timeout.Token);

        // Assert
        Assert.Equal(legInvite.CallId, legBye.CallId);
        Assert.Equal(caller.CallId, callerBye.CallId);
        Assert.Equal(CallEndReason.IvrHangup, record.EndReason);
    }

    /// <summary>
    /// The caller calls, presses 0 (SIP INFO) for the operator, the destination answers the IVR's new leg; returns the
    /// caller's 200 and the leg's INVITE once the bridge is up.
    /// </summary>
    private static async Task<(SipResponse CallerOk, SipRequest LegInvite)> BridgeAsync(RawSipPhone caller, RawSipPhone destination, CancellationToken cancellationToken)
    {
        await caller.SendInviteAsync();
        var callerOk = await caller.ExpectAsync<SipResponse>(r => r.StatusCode == 200, Wait);
        await caller.SendAckAsync(callerOk);
        await Task.Delay(TimeSpan.FromSeconds(1.5), cancellationToken);
        await caller.SendInDialogAsync(callerOk, SipMethods.Info, "application/dtmf-relay", "Signal=0\r\nDuration=160\r\n");

        var legInvite = await destination.ExpectAsync<SipRequest>(r => r.Method == SipMethods.Invite, Wait);
        await destination.AnswerAsync(legInvite);
        await destination.ExpectAsync<SipRequest>(r => r.Method == SipMethods.Ack, Wait);

        // The IVR takes the leg over once its ACK is out; give it a moment before the destination's requests.
        await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        return (callerOk, legInvite);
    }
}
