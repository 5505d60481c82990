namespace IvrService.HappyCalls;

/// <summary>
/// Places outbound calls through a SIP trunk (digest auth, caller id, ring timeout, early media ignored) and, when
/// asked, screens the answer for an answering machine before handing the call over. The host implements it on the
/// SIP stack and media engine.
/// </summary>
public interface IOutboundDialer
{
    /// <summary>
    /// Dials and waits for the outcome: returns once the call is answered (and screened) or has failed. Never throws
    /// for a call outcome (busy, no answer, rejected, trunk unreachable are results); cancellation CANCELs or hangs up.
    /// </summary>
    Task<IOutboundCall> DialAsync(OutboundDialRequest request, CancellationToken cancellationToken);
}
