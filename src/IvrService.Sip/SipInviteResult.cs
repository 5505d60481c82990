namespace IvrService.Sip;

/// <summary>How an outgoing INVITE ended: its final response and, when answered, the dialog.</summary>
public sealed record SipInviteResult(SipResponse FinalResponse, SipDialog? Dialog, bool CancelledByUs, SipRequest Invite)
{
    public bool Answered => Dialog is not null;
}
