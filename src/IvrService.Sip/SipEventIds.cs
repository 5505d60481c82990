namespace IvrService.Sip;

/// <summary>Log event ids of the SIP stack: 1000–1999.</summary>
internal static class SipEventIds
{
    public const int Unparseable = 1000;
    public const int InvalidMessage = 1001;
    public const int ParserFailed = 1002;
    public const int SendFailed = 1003;
    public const int StreamFramingFailed = 1004;
    public const int TransactionTimeout = 1010;
    public const int HandlerFailed = 1020;
    public const int RequestRejected = 1021;
    public const int ScannerDropped = 1022;
    public const int RateLimited = 1023;
    public const int RegistrationSucceeded = 1030;
    public const int RegistrationFailed = 1031;
    public const int Listening = 1040;
}
