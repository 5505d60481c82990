namespace IvrService.Storage.Internal;

/// <summary>The text stored for each enum value (snake_case, matching the table's CHECK constraints).</summary>
internal static class CallRecordText
{
    public static string From(CallDirection value) => value switch
    {
        CallDirection.Inbound => "inbound",
        CallDirection.Outbound => "outbound",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, null),
    };

    public static string From(CallTransport value) => value switch
    {
        CallTransport.Udp => "udp",
        CallTransport.Tcp => "tcp",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, null),
    };

    public static string From(CallEndReason value) => value switch
    {
        CallEndReason.CallerHangup => "caller_hangup",
        CallEndReason.IvrHangup => "ivr_hangup",
        CallEndReason.Cancelled => "cancelled",
        CallEndReason.Rejected => "rejected",
        CallEndReason.MaxDuration => "max_duration",
        CallEndReason.Shutdown => "shutdown",
        CallEndReason.MediaTimeout => "media_timeout",
        CallEndReason.Interrupted => "interrupted",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, null),
    };

    public static CallDirection ToDirection(string text) => text switch
    {
        "inbound" => CallDirection.Inbound,
        "outbound" => CallDirection.Outbound,
        _ => throw new InvalidDataException($"Unknown call direction '{text}'."),
    };

    public static CallTransport ToTransport(string text) => text switch
    {
        "udp" => CallTransport.Udp,
        "tcp" => CallTransport.Tcp,
        _ => throw new InvalidDataException($"Unknown call transport '{text}'."),
    };

    public static CallEndReason ToEndReason(string text) => text switch
    {
        "caller_hangup" => CallEndReason.CallerHangup,
        "ivr_hangup" => CallEndReason.IvrHangup,
        "cancelled" => CallEndReason.Cancelled,
        "rejected" => CallEndReason.Rejected,
        "max_duration" => CallEndReason.MaxDuration,
        "shutdown" => CallEndReason.Shutdown,
        "media_timeout" => CallEndReason.MediaTimeout,
        "interrupted" => CallEndReason.Interrupted,
        _ => throw new InvalidDataException($"Unknown call end reason '{text}'."),
    };

    public static string From(CallDigitMethod value) => value switch
    {
        CallDigitMethod.Rfc4733 => "rfc4733",
        CallDigitMethod.SipInfo => "sip_info",
        CallDigitMethod.InBand => "in_band",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, null),
    };

    public static CallDigitMethod ToDigitMethod(string text) => text switch
    {
        "rfc4733" => CallDigitMethod.Rfc4733,
        "sip_info" => CallDigitMethod.SipInfo,
        "in_band" => CallDigitMethod.InBand,
        _ => throw new InvalidDataException($"Unknown digit method '{text}'."),
    };
}
