namespace IvrService.Media.Sdp;

/// <summary>A b= line, e.g. AS:84 or TIAS:64000 (kilobits for AS/CT, bits for TIAS).</summary>
public sealed record SdpBandwidth(string Type, long Value)
{
    public override string ToString() => $"{Type}:{Value}";
}
