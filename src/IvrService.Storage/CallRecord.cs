namespace IvrService.Storage;

/// <summary>Which side started the call.</summary>
public enum CallDirection
{
    Inbound,
    Outbound,
}

/// <summary>The SIP transport the call's INVITE arrived on or was sent over.</summary>
public enum CallTransport
{
    Udp,
    Tcp,
}

/// <summary>Why a call ended; stored as snake_case text (<c>caller_hangup</c>, …).</summary>
public enum CallEndReason
{
    CallerHangup,
    IvrHangup,
    Cancelled,
    Rejected,
    MaxDuration,
    Shutdown,
    MediaTimeout,

    /// <summary>The instance stopped without ending the call (crash, kill); set by the startup sweep.</summary>
    Interrupted,
}

/// <summary>A call as it was offered, before it was answered or ended.</summary>
/// <param name="CallId">The SIP Call-ID.</param>
/// <param name="Caller">User part of the From URI (may be empty for anonymous callers).</param>
/// <param name="Called">User part of the To URI.</param>
/// <param name="SourceAddress">The peer's address as <c>ip:port</c>.</param>
/// <param name="InstanceId">The host instance handling the call.</param>
public sealed record CallOffered(
    string CallId,
    CallDirection Direction,
    string FromUri,
    string ToUri,
    string Caller,
    string Called,
    string SourceAddress,
    CallTransport Transport,
    DateTimeOffset OfferedAt,
    string InstanceId);

/// <summary>One stored call: a row is written when offered and updated when answered and when ended.</summary>
public sealed record CallRecord(
    long Id,
    string CallId,
    CallDirection Direction,
    string FromUri,
    string ToUri,
    string Caller,
    string Called,
    string SourceAddress,
    CallTransport Transport,
    DateTimeOffset OfferedAt,
    DateTimeOffset? AnsweredAt,
    DateTimeOffset? EndedAt,
    CallEndReason? EndReason,
    int? SipStatus,
    string InstanceId,
    string? RecordingPath = null,
    CallMediaQuality? MediaQuality = null,
    CallFlowSummary? Flow = null);
