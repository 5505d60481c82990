namespace IvrService.Sip;

/// <summary>Method names (case-sensitive per RFC 3261 §7.1).</summary>
public static class SipMethods
{
    public const string Invite = "INVITE";
    public const string Ack = "ACK";
    public const string Bye = "BYE";
    public const string Cancel = "CANCEL";
    public const string Options = "OPTIONS";
    public const string Register = "REGISTER";
    public const string Info = "INFO";
    public const string Refer = "REFER";
    public const string Notify = "NOTIFY";
    public const string Subscribe = "SUBSCRIBE";
    public const string Message = "MESSAGE";
    public const string Update = "UPDATE";
    public const string Prack = "PRACK";
    public const string Publish = "PUBLISH";

    private static readonly HashSet<string> Known = new(StringComparer.Ordinal)
    {
        Invite, Ack, Bye, Cancel, Options, Register, Info, Refer, Notify, Subscribe, Message, Update, Prack, Publish,
    };

    /// <summary>True for the methods SIP defines (RFC 3261 and its extensions); others deserve 501.</summary>
    public static bool IsKnown(string method) => Known.Contains(method);
}
