using IvrService.Media.Sdp;
using IvrService.Sip;
using IvrService.Storage;

namespace IvrService.Host.Calls;

/// <summary>One inbound call from INVITE to its end: its dialog, its call record and how it ended.</summary>
internal sealed class InboundCall
{
    private readonly TaskCompletionSource<(CallEndReason Reason, int? SipStatus)> _ended =
        new(TaskCreationOptions.RunContinuationsAsynchronously);

    public InboundCall(SipServerTransaction invite)
    {
        Invite = invite;
    }

    public SipServerTransaction Invite { get; }

    public string CallId => Invite.Request.CallId!;

    public long? RecordId { get; set; }

    public SipDialog? Dialog { get; set; }

    /// <summary>Our SDP state, moved to the next session version for every later SDP (re-INVITE answers).</summary>
    public SdpLocalMedia? LocalMedia { get; set; }

    /// <summary>The offer we put in the 2xx when the INVITE had none; the ACK must answer it.</summary>
    public string? PendingOffer { get; set; }

    public SdpNegotiationResult? Negotiated { get; set; }

    /// <summary>The call's RTP socket: bound for the call's life so the port in our SDP is really ours.</summary>
    public System.Net.Sockets.UdpClient? Rtp { get; set; }

    public Task<(CallEndReason Reason, int? SipStatus)> Ended => _ended.Task;

    /// <summary>Marks the call ended; the first reason wins.</summary>
    public bool End(CallEndReason reason, int? sipStatus = null) => _ended.TrySetResult((reason, sipStatus));
}
