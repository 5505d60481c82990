namespace IvrService.Media.Sdp;

/// <summary>
/// The o= line. Session id and version stay text: RFC 8866 asks for digits, we only echo the peer's values and
/// count up our own (<see cref="SdpLocalMedia"/>), so a peer's odd value must not cost the call.
/// </summary>
public sealed record SdpOrigin(
    string UserName,
    string SessionId,
    string SessionVersion,
    string NetworkType,
    string AddressType,
    string Address)
{
    public override string ToString() =>
        $"{UserName} {SessionId} {SessionVersion} {NetworkType} {AddressType} {Address}";
}
