namespace IvrService.Media.Sdp;

/// <summary>A t= line; "0 0" (a permanent session) is what every call uses.</summary>
public sealed record SdpTiming(ulong Start, ulong Stop)
{
    public static SdpTiming Permanent { get; } = new(0, 0);

    public override string ToString() => $"{Start} {Stop}";
}
