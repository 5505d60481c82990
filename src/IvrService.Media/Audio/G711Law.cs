namespace IvrService.Media.Audio;

/// <summary>The two companding laws of ITU-T G.711.</summary>
public enum G711Law
{
    /// <summary>µ-law (PCMU, RTP static payload type 0), used in North America and Japan.</summary>
    MuLaw,

    /// <summary>A-law (PCMA, RTP static payload type 8), used in Europe and most other places.</summary>
    ALaw,
}
