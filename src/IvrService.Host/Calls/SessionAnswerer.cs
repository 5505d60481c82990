using System.Net;
using IvrService.Media.Sdp;
using IvrService.Sip;

namespace IvrService.Host.Calls;

/// <summary>Turns an INVITE's offer (or its absence) into our SDP, or into the status that rejects it.</summary>
internal static class SessionAnswerer
{
    public sealed record Outcome(string? Sdp, SdpNegotiationResult? Negotiated, SdpLocalMedia Local, bool IsOffer, int? RejectStatus, string? Warning);

    /// <summary>
    /// Answers the offer in <paramref name="invite"/>; with no body (delayed offer, RFC 3261 §13.2.1), or only a body
    /// its sender marked handling=optional (a SIP-I trunk's ISUP), makes our offer instead, to be answered in the ACK.
    /// <paramref name="local"/> is the call's previous SDP state.
    /// </summary>
    public static Outcome Answer(SipRequest invite, SdpLocalMedia local)
    {
        var offerText = SipBody.FindPart(invite, "application/sdp");
        if (string.IsNullOrWhiteSpace(offerText))
        {
            if (!SipBody.IsOptional(invite))
            {
                return Reject(local, 415, "no application/sdp body part");
            }

            return new Outcome(SdpNegotiator.CreateOffer(local).ToString(), null, local, IsOffer: true, null, null);
        }

        if (!SessionDescription.TryParse(offerText, out var offer, out var parseError))
        {
            return Reject(local, 400, "malformed SDP: " + parseError);
        }

        if (!SdpNegotiator.TryAnswer(offer!, local, out var answer, out var negotiated, out var rejectReason, out var rejection))
        {
            return Reject(local, 488, rejectReason ?? "offer not acceptable", WarnCode(rejection));
        }

        return new Outcome(answer!.ToString(), negotiated, local, IsOffer: false, null, null);
    }

    /// <summary>Reads the answer an ACK carries to the offer we made in the 2xx.</summary>
    public static SdpNegotiationResult? ReadAnswer(string ourOffer, SipRequest ack)
    {
        var text = SipBody.FindPart(ack, "application/sdp");
        if (text is null || !SessionDescription.TryParse(ourOffer, out var offer, out _) ||
            !SessionDescription.TryParse(text, out var answer, out _))
        {
            return null;
        }

        return SdpNegotiator.TryReadAnswer(offer!, answer!, out var result, out _) ? result : null;
    }

    public static SdpLocalMedia NewLocal(IPAddress address, int rtpPort) =>
        new(address, rtpPort, SdpLocalMedia.NewSessionId(), 1) { UserName = "ivrservice", SessionName = "IvrService" };

    private static Outcome Reject(SdpLocalMedia local, int status, string reason, string code = "399") =>
        new(null, null, local, false, status, $"{code} IvrService \"{reason.Replace('"', '\'')}\"");

    /// <summary>RFC 3261 §20.43: 302 incompatible transport, 304 media type not available, 305 incompatible media format, 399 the rest.</summary>
    private static string WarnCode(SdpRejection? rejection) => rejection switch
    {
        SdpRejection.IncompatibleTransport => "302",
        SdpRejection.NoAudioStream => "304",
        SdpRejection.NoCommonCodec => "305",
        _ => "399",
    };
}
