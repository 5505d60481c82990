using IvrService.Sip;
using IvrService.Storage;

namespace IvrService.Host.Calls;

/// <summary>One inbound call from INVITE to its end: the INVITE's server transaction and the call's shared state.</summary>
internal sealed class InboundCall(SipServerTransaction invite) : SipCall(invite.Request.CallId!)
{
    public SipServerTransaction Invite { get; } = invite;

    public override CallDirection Direction => CallDirection.Inbound;
}
