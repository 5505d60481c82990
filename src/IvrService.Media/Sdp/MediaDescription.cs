using System.Globalization;
using IvrService.Media.Sdp.Internal;

namespace IvrService.Media.Sdp;

/// <summary>
/// One m= section: the media line itself plus its own c=, b=, a= and other lines, attributes in the order sent.
/// Formats are text because only RTP m= lines carry payload type numbers (<c>m=image 0 udptl t38</c> does not).
/// </summary>
public sealed record MediaDescription
{
    /// <summary>audio, video, image, application, text, message…</summary>
    public required string Media { get; init; }

    /// <summary>The transport port; 0 means the stream is rejected or disabled.</summary>
    public required int Port { get; init; }

    /// <summary>The <c>/&lt;number of ports&gt;</c> suffix, when present.</summary>
    public int? PortCount { get; init; }

    /// <summary>RTP/AVP, RTP/AVPF, RTP/SAVP, RTP/SAVPF, UDP/TLS/RTP/SAVPF, udptl…</summary>
    public required string Protocol { get; init; }

    /// <summary>The formats in the offerer's order of preference; a duplicate keeps its first place only.</summary>
    public required IReadOnlyList<string> Formats { get; init; }

    /// <summary>The media-level c= line; when null the session-level one applies.</summary>
    public SdpConnection? Connection { get; init; }

    public IReadOnlyList<SdpBandwidth> Bandwidths { get; init; } = [];

    public IReadOnlyList<SdpAttribute> Attributes { get; init; } = [];

    /// <summary>Lines of this section the model has no property for (i=, k=, unknown types).</summary>
    public IReadOnlyList<SdpLine> OtherLines { get; init; } = [];

    public bool IsRejected => Port == 0;

    /// <summary>True for the RTP profiles (RTP/AVP, RTP/SAVPF, UDP/TLS/RTP/SAVPF…), whose formats are payload types.</summary>
    public bool IsRtp => Protocol.Contains("RTP/", StringComparison.OrdinalIgnoreCase);

    /// <summary>The a=ptime value in milliseconds, when present and numeric.</summary>
    public int? Ptime => SdpAttributes.GetInt(Attributes, SdpAttributeNames.Ptime);

    /// <summary>The a=maxptime value in milliseconds, when present and numeric.</summary>
    public int? MaxPtime => SdpAttributes.GetInt(Attributes, SdpAttributeNames.MaxPtime);

    /// <summary>This section's own direction attribute; see <see cref="SessionDescription.GetDirection"/> for the effective one.</summary>
    public SdpDirection? Direction => SdpAttributes.GetDirection(Attributes);

    /// <summary>The a=rtcp attribute, when present and well formed.</summary>
    public SdpRtcp? Rtcp => SdpRtcp.TryParse(GetAttributeValue(SdpAttributeNames.Rtcp), out var rtcp) ? rtcp : null;

    /// <summary>The first attribute with this name (names compare case-sensitively, as RFC 8866 says).</summary>
    public SdpAttribute? GetAttribute(string name) => SdpAttributes.Find(Attributes, name);

    public string? GetAttributeValue(string name) => GetAttribute(name)?.Value;

    /// <summary>
    /// The rtpmap of a payload type: the first a=rtpmap for it, or for a static payload type sent without one
    /// (RFC 3551: 0 PCMU, 8 PCMA, 18 G729…) the static assignment. False for formats of non-RTP m= lines.
    /// </summary>
    public bool TryGetRtpMap(string format, out SdpRtpMap? rtpMap)
    {
        rtpMap = null;
        if (!IsRtp || !int.TryParse(format, NumberStyles.None, CultureInfo.InvariantCulture, out var pt))
        {
            return false;
        }

        foreach (var attribute in Attributes)
        {
            if (attribute.Name == SdpAttributeNames.RtpMap
                && SdpRtpMap.TryParse(attribute.Value, out var candidate)
                && candidate!.PayloadType == pt)
            {
                rtpMap = candidate;
                return true;
            }
        }

        rtpMap = StaticPayloadTypes.Find(pt);
        return rtpMap is not null;
    }

    /// <summary>The parameters of the first a=fmtp for this format (the text after "&lt;format&gt; "), or null.</summary>
    public string? GetFmtp(string format)
    {
        foreach (var attribute in Attributes)
        {
            if (attribute.Name != SdpAttributeNames.Fmtp || attribute.Value is null)
            {
                continue;
            }

            var value = attribute.Value;
            var space = value.IndexOf(' ', StringComparison.Ordinal);
            var head = space < 0 ? value : value[..space];
            if (head == format)
            {
                return space < 0 ? string.Empty : value[(space + 1)..].Trim();
            }
        }

        return null;
    }
}
