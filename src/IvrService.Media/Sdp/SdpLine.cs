namespace IvrService.Media.Sdp;

/// <summary>
/// A line the model has no property for (i=, u=, e=, p=, k=, r=, z=, extra t= lines, a b= line that is not
/// type:number, or a type letter from a later RFC). Kept so that nothing a peer sent is lost on the way through.
/// </summary>
public sealed record SdpLine(char Type, string Value)
{
    public override string ToString() => $"{Type}={Value}";
}
