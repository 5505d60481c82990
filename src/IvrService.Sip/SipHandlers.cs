namespace IvrService.Sip;

/// <summary>The server-side handlers of a <see cref="SipUserAgent"/>, one per method.</summary>
public sealed class SipHandlers
{
    /// <summary>Initial INVITEs (no dialog) and re-INVITEs (<see cref="SipServerTransaction.Dialog"/> set).</summary>
    public SipRequestHandler? Invite { get; set; }

    public SipRequestHandler? Bye { get; set; }

    public SipRequestHandler? Info { get; set; }

    public SipRequestHandler? Refer { get; set; }

    public SipRequestHandler? Notify { get; set; }

    /// <summary>Replaces the built-in OPTIONS answer.</summary>
    public SipRequestHandler? Options { get; set; }

    public SipAckHandler? Ack { get; set; }

    /// <summary>The 2xx to an INVITE was never acknowledged; the agent sends BYE itself.</summary>
    public Action<SipDialog>? AckTimeout { get; set; }
}
