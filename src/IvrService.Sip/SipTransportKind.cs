namespace IvrService.Sip;

public enum SipTransportKind
{
    Udp,
    Tcp,
}
