namespace IvrService.Media.Sdp.Internal;

/// <summary>Finds G.711 and telephone-event among an m= section's formats, and names what else it carries.</summary>
internal static class SdpMediaMatcher
{
    public const string TelephoneEvent = "telephone-event";

    /// <summary>RTP/AVP and RTP/AVPF: plain RTP. SRTP profiles (RTP/SAVP, RTP/SAVPF, UDP/TLS/RTP/SAVPF) are not ours.</summary>
    public static bool IsPlainRtp(string protocol) =>
        string.Equals(protocol, "RTP/AVP", StringComparison.OrdinalIgnoreCase)
        || string.Equals(protocol, "RTP/AVPF", StringComparison.OrdinalIgnoreCase);

    public static bool IsAudio(MediaDescription media) =>
        string.Equals(media.Media, "audio", StringComparison.OrdinalIgnoreCase);

    /// <summary>The first PCMU or PCMA format in the sender's order, matched by rtpmap name or static number.</summary>
    public static SdpCodec? FindG711(MediaDescription media, IReadOnlyList<string>? allowedFormats = null)
    {
        foreach (var format in media.Formats)
        {
            if (allowedFormats is not null && !allowedFormats.Contains(format))
            {
                continue;
            }

            if (!media.TryGetRtpMap(format, out var map) || map!.Channels is > 1)
            {
                continue;
            }

            if (map.Is("PCMU", SdpCodec.ClockRate))
            {
                return new SdpCodec(map.PayloadType, "PCMU");
            }

            if (map.Is("PCMA", SdpCodec.ClockRate))
            {
                return new SdpCodec(map.PayloadType, "PCMA");
            }
        }

        return null;
    }

    /// <summary>The first telephone-event format at 8000 Hz (the G.711 clock); one at 16000 Hz only does not count.</summary>
    public static int? FindTelephoneEvent(MediaDescription media)
    {
        foreach (var format in media.Formats)
        {
            if (media.TryGetRtpMap(format, out var map) && map!.Is(TelephoneEvent, SdpCodec.ClockRate))
            {
                return map.PayloadType;
            }
        }

        return null;
    }

    /// <summary>"AMR-WB/16000, G729/8000": the distinct codecs of a section, events and comfort noise left out.</summary>
    public static void DescribeCodecs(MediaDescription media, List<string> names)
    {
        foreach (var format in media.Formats)
        {
            string name;
            if (media.TryGetRtpMap(format, out var map))
            {
                if (string.Equals(map!.EncodingName, TelephoneEvent, StringComparison.OrdinalIgnoreCase)
                    || string.Equals(map.EncodingName, "CN", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                name = $"{map.EncodingName}/{map.ClockRate}";
            }
            else
            {
                name = media.IsRtp ? $"payload type {format} without rtpmap" : format;
            }

            if (!names.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                names.Add(name);
            }
        }
    }

    /// <summary>10 to 60 ms in steps of 10 as the peer asks (capped by its maxptime), else 20.</summary>
    public static int ChoosePtime(MediaDescription media, SessionDescription session)
    {
        var ptime = media.Ptime ?? SdpAttributes.GetInt(session.Attributes, SdpAttributeNames.Ptime);
        var chosen = ptime is >= 10 and <= 60 && ptime % 10 == 0 ? ptime.Value : 20;
        var maxPtime = media.MaxPtime ?? SdpAttributes.GetInt(session.Attributes, SdpAttributeNames.MaxPtime);
        if (maxPtime is >= 10 && maxPtime < chosen)
        {
            chosen = maxPtime.Value / 10 * 10;
        }

        return chosen;
    }

    /// <summary>RFC 3264 §6.1: the answer mirrors the offer; sendonly ↔ recvonly, the rest unchanged.</summary>
    public static SdpDirection Mirror(SdpDirection direction) => direction switch
    {
        SdpDirection.SendOnly => SdpDirection.RecvOnly,
        SdpDirection.RecvOnly => SdpDirection.SendOnly,
        _ => direction,
    };

    /// <summary>The peer holds the call when its address is unspecified (RFC 2543 style) or it will not receive.</summary>
    public static bool IsHold(SdpConnection connection, SdpDirection peerDirection) =>
        connection.IsUnspecified || peerDirection is SdpDirection.SendOnly or SdpDirection.Inactive;
}
