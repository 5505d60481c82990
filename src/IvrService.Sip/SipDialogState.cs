namespace IvrService.Sip;

public enum SipDialogState
{
    Early,
    Confirmed,
    Terminated,
}
