using IvrService.Media.Sdp.Internal;

namespace IvrService.Media.Sdp;

/// <summary>
/// A session description (RFC 8866, formerly RFC 4566): session-level lines and the m= sections in order.
/// <see cref="TryParse"/> reads what real phones send; <see cref="ToString"/> writes CRLF lines in RFC order.
/// </summary>
public sealed record SessionDescription
{
    /// <summary>The v= value; always 0 today.</summary>
    public int Version { get; init; }

    public required SdpOrigin Origin { get; init; }

    /// <summary>The s= value; "-" when the sender has nothing to say.</summary>
    public string SessionName { get; init; } = "-";

    /// <summary>The session-level c= line; each m= section may override it.</summary>
    public SdpConnection? Connection { get; init; }

    public IReadOnlyList<SdpBandwidth> Bandwidths { get; init; } = [];

    public SdpTiming Timing { get; init; } = SdpTiming.Permanent;

    /// <summary>Session-level attributes (those before the first m= line), in the order sent.</summary>
    public IReadOnlyList<SdpAttribute> Attributes { get; init; } = [];

    public IReadOnlyList<MediaDescription> MediaDescriptions { get; init; } = [];

    /// <summary>Session-level lines the model has no property for (i=, u=, e=, p=, r=, z=, k=, extra t=, unknown types).</summary>
    public IReadOnlyList<SdpLine> OtherLines { get; init; } = [];

    /// <summary>The session-level direction attribute, which applies to every m= section without its own.</summary>
    public SdpDirection? Direction => SdpAttributes.GetDirection(Attributes);

    /// <summary>The connection that applies to a section: its own c= line, else the session's.</summary>
    public SdpConnection? GetConnection(MediaDescription media)
    {
        ArgumentNullException.ThrowIfNull(media);
        return media.Connection ?? Connection;
    }

    /// <summary>The direction that applies to a section: its own, else the session's, else sendrecv.</summary>
    public SdpDirection GetDirection(MediaDescription media)
    {
        ArgumentNullException.ThrowIfNull(media);
        return media.Direction ?? Direction ?? SdpDirection.SendRecv;
    }

    /// <summary>
    /// Parses an SDP body. Lenient where deployed phones differ from the RFC (LF-only lines, no final line end,
    /// attributes before the first m=, duplicate payload types, unknown lines); false with an error naming the
    /// offending line when the text is not SDP at all. Never throws on bad input.
    /// </summary>
    public static bool TryParse(string? text, out SessionDescription? sdp, out string? error) =>
        SdpParser.TryParse(text, out sdp, out error);

    /// <summary>The description as SDP text: CRLF line ends, lines in the order RFC 8866 §5 prescribes.</summary>
    public override string ToString() => SdpWriter.Write(this);
}
