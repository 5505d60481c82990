namespace IvrService.Sip;

/// <summary>
/// The outcome of parsing one message. <see cref="Message"/> is set whenever the start line and header fields
/// could be read, even when the message is invalid, so that a request can still get its error response.
/// </summary>
public readonly record struct SipParseResult(SipMessage? Message, string? Error, int ErrorStatus)
{
    public bool IsValid => Message is not null && Error is null;

    public static SipParseResult Valid(SipMessage message) => new(message, null, 0);

    public static SipParseResult Invalid(SipMessage? message, string error, int status = 400) => new(message, error, status);
}
