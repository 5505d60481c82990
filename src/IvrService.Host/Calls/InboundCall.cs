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

    /// <summary>Our last SDP, kept so re-INVITEs can be answered with the next session version.</summary>
    public string? LocalSdp { get; set; }

    public Task<(CallEndReason Reason, int? SipStatus)> Ended => _ended.Task;

    /// <summary>Marks the call ended; the first reason wins.</summary>
    public bool End(CallEndReason reason, int? sipStatus = null) => _ended.TrySetResult((reason, sipStatus));
}
