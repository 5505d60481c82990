using IvrService.Media.Audio.Internal;

namespace IvrService.Media.Audio;

/// <summary>
/// ITU-T G.711 companding between 16-bit linear PCM and 8-bit µ-law or A-law codes. Every method is a table
/// lookup per sample and allocates nothing, so it can run on the RTP path.
/// </summary>
/// <remarks>
/// Linear values are 16-bit; µ-law uses the top 14 bits and A-law the top 13, as G.711 specifies. Inputs beyond the
/// µ-law range (|x| &gt; 32635) clip to the largest code. Negative inputs follow the ITU-T G.191 reference
/// (one's complement), so µ-law encodes −1 … −4 as negative zero (0x7F), which decodes to 0 and re-encodes as 0xFF.
/// </remarks>
public static class G711
{
    /// <summary>Encodes one sample as µ-law.</summary>
    public static byte LinearToMuLaw(short sample) => G711Tables.LinearToMuLaw[(sample >> 2) & 0x3FFF];

    /// <summary>Decodes one µ-law code.</summary>
    public static short MuLawToLinear(byte code) => G711Tables.MuLawToLinear[code];

    /// <summary>Encodes one sample as A-law (even bits already inverted, ready to send).</summary>
    public static byte LinearToALaw(short sample) => G711Tables.LinearToALaw[(sample >> 3) & 0x1FFF];

    /// <summary>Decodes one A-law code.</summary>
    public static short ALawToLinear(byte code) => G711Tables.ALawToLinear[code];

    /// <summary>Encodes <paramref name="samples"/> as µ-law into the start of <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentException">The destination is shorter than the source.</exception>
    public static void EncodeMuLaw(ReadOnlySpan<short> samples, Span<byte> destination)
    {
        EnsureRoom(samples.Length, destination.Length);
        var table = G711Tables.LinearToMuLaw;
        for (var i = 0; i < samples.Length; i++)
        {
            destination[i] = table[(samples[i] >> 2) & 0x3FFF];
        }
    }

    /// <summary>Decodes µ-law <paramref name="codes"/> into the start of <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentException">The destination is shorter than the source.</exception>
    public static void DecodeMuLaw(ReadOnlySpan<byte> codes, Span<short> destination)
    {
        EnsureRoom(codes.Length, destination.Length);
        var table = G711Tables.MuLawToLinear;
        for (var i = 0; i < codes.Length; i++)
        {
            destination[i] = table[codes[i]];
        }
    }

    /// <summary>Encodes <paramref name="samples"/> as A-law into the start of <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentException">The destination is shorter than the source.</exception>
    public static void EncodeALaw(ReadOnlySpan<short> samples, Span<byte> destination)
    {
        EnsureRoom(samples.Length, destination.Length);
        var table = G711Tables.LinearToALaw;
        for (var i = 0; i < samples.Length; i++)
        {
            destination[i] = table[(samples[i] >> 3) & 0x1FFF];
        }
    }

    /// <summary>Decodes A-law <paramref name="codes"/> into the start of <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentException">The destination is shorter than the source.</exception>
    public static void DecodeALaw(ReadOnlySpan<byte> codes, Span<short> destination)
    {
        EnsureRoom(codes.Length, destination.Length);
        var table = G711Tables.ALawToLinear;
        for (var i = 0; i < codes.Length; i++)
        {
            destination[i] = table[codes[i]];
        }
    }

    /// <summary>Encodes with the given law.</summary>
    public static void Encode(G711Law law, ReadOnlySpan<short> samples, Span<byte> destination)
    {
        if (law == G711Law.MuLaw)
        {
            EncodeMuLaw(samples, destination);
        }
        else
        {
            EncodeALaw(samples, destination);
        }
    }

    /// <summary>Decodes with the given law.</summary>
    public static void Decode(G711Law law, ReadOnlySpan<byte> codes, Span<short> destination)
    {
        if (law == G711Law.MuLaw)
        {
            DecodeMuLaw(codes, destination);
        }
        else
        {
            DecodeALaw(codes, destination);
        }
    }

    private static void EnsureRoom(int sourceLength, int destinationLength)
    {
        if (destinationLength < sourceLength)
        {
            throw new ArgumentException($"The destination holds {destinationLength} items but {sourceLength} are needed.", "destination");
        }
    }
}
