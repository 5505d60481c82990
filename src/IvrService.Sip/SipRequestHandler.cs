namespace IvrService.Sip;

/// <summary>Handles a request that started a server transaction; it answers through the transaction.</summary>
public delegate Task SipRequestHandler(SipServerTransaction transaction, CancellationToken cancellationToken);

/// <summary>Sees the ACK that confirmed a dialog (it may carry the SDP answer of a delayed offer).</summary>
public delegate void SipAckHandler(SipDialog dialog, SipRequest ack);
