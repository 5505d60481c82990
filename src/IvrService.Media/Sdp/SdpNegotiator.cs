using System.Globalization;
using IvrService.Media.Sdp.Internal;

namespace IvrService.Media.Sdp;

/// <summary>
/// The RFC 3264 offer/answer model for an endpoint that speaks G.711 (PCMU, PCMA) over plain RTP with RFC 4733
/// telephone-events. Stateless: the caller keeps its <see cref="SdpLocalMedia"/> per dialog and moves it on with
/// <see cref="SdpLocalMedia.NextVersion"/> for every later SDP (re-INVITE answers, re-offers).
/// </summary>
public static class SdpNegotiator
{
    /// <summary>The telephone-event payload type we offer.</summary>
    public const int OfferedTelephoneEventPayloadType = 101;

    /// <summary>The packet time we offer and fall back to.</summary>
    public const int DefaultPtime = 20;

    private const string ReceivedEvents = "0-15";
    private const string OfferedEvents = "0-16";

    /// <summary>
    /// Answers an incoming offer. Takes the first audio stream over RTP/AVP or RTP/AVPF that carries PCMU or PCMA
    /// (the offerer's first choice of the two), answers every other stream with port 0 so the m= lines keep count
    /// and order (RFC 3264 §6), and mirrors the offered direction. False with a reason (for a 488's Warning) when no stream can be taken.
    /// </summary>
    public static bool TryAnswer(
        SessionDescription offer,
        SdpLocalMedia local,
        out SessionDescription? answer,
        out SdpNegotiationResult? result,
        out string? rejectReason) =>
        TryAnswer(offer, local, out answer, out result, out rejectReason, out _);

    /// <summary>
    /// As <see cref="TryAnswer(SessionDescription, SdpLocalMedia, out SessionDescription?, out SdpNegotiationResult?, out string?)"/>,
    /// and says which kind of rejection it was, for the warn-code of the 488.
    /// </summary>
    public static bool TryAnswer(
        SessionDescription offer,
        SdpLocalMedia local,
        out SessionDescription? answer,
        out SdpNegotiationResult? result,
        out string? rejectReason,
        out SdpRejection? rejection)
    {
        ArgumentNullException.ThrowIfNull(offer);
        ArgumentNullException.ThrowIfNull(local);
        answer = null;
        result = null;
        rejectReason = null;
        rejection = null;

        var chosenIndex = -1;
        SdpCodec? codec = null;
        var codecNames = new List<string>();
        var refusedProtocols = new List<string>();
        var audioWithoutAddress = false;
        for (var i = 0; i < offer.MediaDescriptions.Count && chosenIndex < 0; i++)
        {
            var candidate = offer.MediaDescriptions[i];
            if (!SdpMediaMatcher.IsAudio(candidate) || candidate.IsRejected)
            {
                continue;
            }

            if (!SdpMediaMatcher.IsPlainRtp(candidate.Protocol))
            {
                if (!refusedProtocols.Contains(candidate.Protocol))
                {
                    refusedProtocols.Add(candidate.Protocol);
                }

                continue;
            }

            if (offer.GetConnection(candidate) is null)
            {
                audioWithoutAddress = true;
                continue;
            }

            codec = SdpMediaMatcher.FindG711(candidate);
            if (codec is null)
            {
                SdpMediaMatcher.DescribeCodecs(candidate, codecNames);
                continue;
            }

            chosenIndex = i;
        }

        if (chosenIndex < 0 || codec is null)
        {
            (rejection, rejectReason) = DescribeRejection(offer, codecNames, refusedProtocols, audioWithoutAddress);
            return false;
        }

        var offered = offer.MediaDescriptions[chosenIndex];
        var connection = offer.GetConnection(offered)!;
        var peerDirection = offer.GetDirection(offered);
        var direction = SdpMediaMatcher.Mirror(peerDirection);
        var telephoneEvent = SdpMediaMatcher.FindTelephoneEvent(offered);
        var ptime = SdpMediaMatcher.ChoosePtime(offered, offer);

        var media = new List<MediaDescription>(offer.MediaDescriptions.Count);
        for (var i = 0; i < offer.MediaDescriptions.Count; i++)
        {
            media.Add(i == chosenIndex
                ? AudioSection(local, offered.Protocol, codec, telephoneEvent, ReceivedEvents, ptime, direction)
                : Refused(offer.MediaDescriptions[i]));
        }

        answer = Session(local, media);
        result = new SdpNegotiationResult(
            connection.HostPart,
            offered.Port,
            codec,
            telephoneEvent,
            ptime,
            direction,
            SdpMediaMatcher.IsHold(connection, peerDirection),
            chosenIndex);
        return true;
    }

    /// <summary>
    /// Our offer, for outbound calls and for INVITEs that came without one (delayed offer, answered in the ACK):
    /// PCMU, PCMA, telephone-event 101 (events 0-16), ptime 20, sendrecv unless told otherwise (e.g. to hold).
    /// </summary>
    public static SessionDescription CreateOffer(SdpLocalMedia local, SdpDirection direction = SdpDirection.SendRecv)
    {
        ArgumentNullException.ThrowIfNull(local);
        var audio = AudioSection(
            local,
            "RTP/AVP",
            null,
            OfferedTelephoneEventPayloadType,
            OfferedEvents,
            DefaultPtime,
            direction);
        return Session(local, [audio]);
    }

    /// <summary>
    /// Reads the answer to an offer of ours. False with an error when the answer does not fit the offer (m= line
    /// count), rejects the audio stream (port 0) or chose no codec we offered.
    /// </summary>
    public static bool TryReadAnswer(
        SessionDescription offer,
        SessionDescription answer,
        out SdpNegotiationResult? result,
        out string? error)
    {
        ArgumentNullException.ThrowIfNull(offer);
        ArgumentNullException.ThrowIfNull(answer);
        result = null;
        error = null;

        if (answer.MediaDescriptions.Count != offer.MediaDescriptions.Count)
        {
            error = $"answer has {answer.MediaDescriptions.Count} m= lines for the {offer.MediaDescriptions.Count} offered";
            return false;
        }

        var index = -1;
        for (var i = 0; i < offer.MediaDescriptions.Count; i++)
        {
            if (SdpMediaMatcher.IsAudio(offer.MediaDescriptions[i]) && !offer.MediaDescriptions[i].IsRejected)
            {
                index = i;
                break;
            }
        }

        if (index < 0)
        {
            error = "the offer has no audio stream";
            return false;
        }

        var ours = offer.MediaDescriptions[index];
        var theirs = answer.MediaDescriptions[index];
        if (!SdpMediaMatcher.IsAudio(theirs))
        {
            error = $"answer m= line {index + 1} is {theirs.Media}, the offer's is audio";
            return false;
        }

        if (theirs.IsRejected)
        {
            error = "the answer rejected the audio stream (port 0)";
            return false;
        }

        var codec = SdpMediaMatcher.FindG711(theirs, ours.Formats);
        if (codec is null)
        {
            var names = new List<string>();
            SdpMediaMatcher.DescribeCodecs(theirs, names);
            error = names.Count == 0
                ? "no common codec: the answer names no codec"
                : $"no common codec: the answer has only {string.Join(", ", names)}";
            return false;
        }

        var connection = answer.GetConnection(theirs);
        if (connection is null)
        {
            error = "the answer has no c= line for the audio stream";
            return false;
        }

        var peerDirection = answer.GetDirection(theirs);
        result = new SdpNegotiationResult(
            connection.HostPart,
            theirs.Port,
            codec,
            SdpMediaMatcher.FindTelephoneEvent(theirs),
            SdpMediaMatcher.ChoosePtime(theirs, answer),
            SdpMediaMatcher.Mirror(peerDirection),
            SdpMediaMatcher.IsHold(connection, peerDirection),
            index);
        return true;
    }

    private static (SdpRejection Kind, string Reason) DescribeRejection(
        SessionDescription offer,
        List<string> codecNames,
        List<string> refusedProtocols,
        bool audioWithoutAddress)
    {
        if (codecNames.Count > 0)
        {
            return (SdpRejection.NoCommonCodec, $"no common codec: offer has only {string.Join(", ", codecNames)}");
        }

        if (refusedProtocols.Count > 0)
        {
            return (SdpRejection.IncompatibleTransport, $"incompatible transport: audio offered only over {string.Join(", ", refusedProtocols)} (RTP/AVP or RTP/AVPF needed)");
        }

        if (audioWithoutAddress)
        {
            return (SdpRejection.NoConnectionAddress, "no connection address (c=) for the audio stream");
        }

        if (offer.MediaDescriptions.Count == 0)
        {
            return (SdpRejection.NoAudioStream, "offer has no m= line");
        }

        var streams = new List<string>();
        foreach (var media in offer.MediaDescriptions)
        {
            var text = media.IsRejected ? $"{media.Media} {media.Protocol} (port 0)" : $"{media.Media} {media.Protocol}";
            if (!streams.Contains(text))
            {
                streams.Add(text);
            }
        }

        return (SdpRejection.NoAudioStream, $"no audio stream to take: offer has only {string.Join(", ", streams)}");
    }

    private static MediaDescription Refused(MediaDescription offered) => new()
    {
        Media = offered.Media,
        Port = 0,
        Protocol = offered.Protocol,
        Formats = offered.Formats,
    };

    private static MediaDescription AudioSection(
        SdpLocalMedia local,
        string protocol,
        SdpCodec? codec,
        int? telephoneEvent,
        string events,
        int ptime,
        SdpDirection direction)
    {
        var codecs = codec is null ? [SdpCodec.Pcmu, SdpCodec.Pcma] : new[] { codec };
        var formats = new List<string>(3);
        var attributes = new List<SdpAttribute>(6);
        foreach (var c in codecs)
        {
            var pt = c.PayloadType.ToString(CultureInfo.InvariantCulture);
            formats.Add(pt);
            attributes.Add(new SdpAttribute(SdpAttributeNames.RtpMap, $"{pt} {c.EncodingName}/{SdpCodec.ClockRate}"));
        }

        if (telephoneEvent is { } te)
        {
            var pt = te.ToString(CultureInfo.InvariantCulture);
            formats.Add(pt);
            attributes.Add(new SdpAttribute(SdpAttributeNames.RtpMap, $"{pt} {SdpMediaMatcher.TelephoneEvent}/{SdpCodec.ClockRate}"));
            attributes.Add(new SdpAttribute(SdpAttributeNames.Fmtp, $"{pt} {events}"));
        }

        attributes.Add(new SdpAttribute(SdpAttributeNames.Ptime, ptime.ToString(CultureInfo.InvariantCulture)));
        attributes.Add(new SdpAttribute(SdpAttributes.ToAttributeName(direction)));
        return new MediaDescription
        {
            Media = "audio",
            Port = local.RtpPort,
            Protocol = protocol,
            Formats = formats,
            Attributes = attributes,
        };
    }

    private static SessionDescription Session(SdpLocalMedia local, IReadOnlyList<MediaDescription> media)
    {
        var address = local.Address.ToString();
        return new SessionDescription
        {
            Origin = new SdpOrigin(
                local.UserName,
                local.SessionId.ToString(CultureInfo.InvariantCulture),
                local.SessionVersion.ToString(CultureInfo.InvariantCulture),
                "IN",
                local.AddressType,
                address),
            SessionName = local.SessionName,
            Connection = new SdpConnection("IN", local.AddressType, address),
            MediaDescriptions = media,
        };
    }
}
