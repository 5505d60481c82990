namespace IvrService.Media.Sdp;

/// <summary>
/// What an offer/answer exchange settled for the audio stream, as the media session needs it.
/// </summary>
/// <param name="RemoteAddress">Where to send RTP: the stream's c= address, else the session's (may be 0.0.0.0 on hold).</param>
/// <param name="RemotePort">The remote RTP port.</param>
/// <param name="Codec">The G.711 codec and its payload type.</param>
/// <param name="TelephoneEventPayloadType">RFC 4733 telephone-event payload type, null when the peer did not offer it at 8000 Hz.</param>
/// <param name="Ptime">The a=ptime of our answer: the packet duration in milliseconds we ask to receive (the media session itself sends 20 ms packets).</param>
/// <param name="Direction">Our direction: what we may do (send, receive, both, neither).</param>
/// <param name="RemoteOnHold">The peer has put the call on hold (c=0.0.0.0, or it only sends, or it is inactive).</param>
/// <param name="MediaIndex">The index of the audio m= line within the descriptions.</param>
public sealed record SdpNegotiationResult(
    string RemoteAddress,
    int RemotePort,
    SdpCodec Codec,
    int? TelephoneEventPayloadType,
    int Ptime,
    SdpDirection Direction,
    bool RemoteOnHold,
    int MediaIndex)
{
    /// <summary>True when we should send RTP at all.</summary>
    public bool LocalSends => Direction is SdpDirection.SendRecv or SdpDirection.SendOnly;

    /// <summary>True when we should expect RTP from the peer.</summary>
    public bool LocalReceives => Direction is SdpDirection.SendRecv or SdpDirection.RecvOnly;
}
