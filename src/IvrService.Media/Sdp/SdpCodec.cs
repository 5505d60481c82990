namespace IvrService.Media.Sdp;

/// <summary>
/// The G.711 codec chosen for a call and the payload type it travels under. Usually the static 0 or 8, but an
/// offer may map PCMU or PCMA to a dynamic payload type, and the answer keeps the offer's number (RFC 3264 §6.1).
/// </summary>
public sealed record SdpCodec(int PayloadType, string EncodingName)
{
    public const int ClockRate = 8000;

    public static SdpCodec Pcmu { get; } = new(0, "PCMU");

    public static SdpCodec Pcma { get; } = new(8, "PCMA");

    /// <summary>G.711 µ-law.</summary>
    public bool IsPcmu => string.Equals(EncodingName, "PCMU", StringComparison.OrdinalIgnoreCase);

    /// <summary>G.711 A-law.</summary>
    public bool IsPcma => string.Equals(EncodingName, "PCMA", StringComparison.OrdinalIgnoreCase);

    public override string ToString() => $"{PayloadType} {EncodingName}/{ClockRate}";
}
