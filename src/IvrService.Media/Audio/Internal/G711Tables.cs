namespace IvrService.Media.Audio.Internal;

/// <summary>
/// Lookup tables for G.711, built once from the segment definitions of ITU-T G.711 tables 1 and 2.
/// Decoding is one lookup per code; encoding is one lookup on the 14-bit (µ-law) or 13-bit (A-law)
/// value the law quantizes, so neither direction branches or allocates per sample.
/// </summary>
/// <remarks>
/// Decoded values are on the 16-bit scale: µ-law outputs are the G.711 14-bit values times 4 (±32124 at most),
/// A-law outputs the 13-bit values times 8 (±32256 at most). Encoding follows the ITU-T G.191 reference in
/// treating a negative input by its one's complement, so −1 … −4 become µ-law negative zero (0x7F) and A-law 0x55.
/// </remarks>
internal static class G711Tables
{
    /// <summary>µ-law code → 16-bit linear.</summary>
    public static readonly short[] MuLawToLinear = BuildMuLawDecode();

    /// <summary>A-law code → 16-bit linear.</summary>
    public static readonly short[] ALawToLinear = BuildALawDecode();

    /// <summary>Index <c>(sample &gt;&gt; 2) &amp; 0x3FFF</c> (the 14-bit two's complement value) → µ-law code.</summary>
    public static readonly byte[] LinearToMuLaw = BuildMuLawEncode();

    /// <summary>Index <c>(sample &gt;&gt; 3) &amp; 0x1FFF</c> (the 13-bit two's complement value) → A-law code.</summary>
    public static readonly byte[] LinearToALaw = BuildALawEncode();

    // µ-law (14-bit scale): magnitudes are biased by 33 so that segment s covers [32 << s, 64 << s) - 33
    // with 16 steps of 2 << s; the code is the bitwise complement of sign | segment | step, sign set for negative.
    private const int MuLawBias = 33;
    private const int MuLawMaxBiased = 0x1FFF;

    private static short[] BuildMuLawDecode()
    {
        var table = new short[256];
        for (var code = 0; code < 256; code++)
        {
            var inverted = ~code & 0xFF;
            var segment = (inverted >> 4) & 0x07;
            var step = inverted & 0x0F;
            // Reconstruction value is the middle of the step: ((2 * step + 33) << segment) - 33 on the 14-bit scale.
            var magnitude14 = (((2 * step) + MuLawBias) << segment) - MuLawBias;
            var value = magnitude14 * 4;
            table[code] = (short)((inverted & 0x80) != 0 ? -value : value);
        }

        return table;
    }

    private static short[] BuildALawDecode()
    {
        var table = new short[256];
        for (var code = 0; code < 256; code++)
        {
            var plain = code ^ 0x55;
            var segment = (plain >> 4) & 0x07;
            var step = plain & 0x0F;
            // 13-bit scale: segments 0 and 1 step by 2 from 0 and 32, segment s >= 2 by 2 << (s - 1) from 32 << (s - 1);
            // the reconstruction value is the middle of the step.
            var magnitude13 = segment == 0
                ? (2 * step) + 1
                : (((2 * step) + 33) << (segment - 1));
            var value = magnitude13 * 8;
            table[code] = (short)((plain & 0x80) != 0 ? value : -value);
        }

        return table;
    }

    private static byte[] BuildMuLawEncode()
    {
        var table = new byte[1 << 14];
        for (var index = 0; index < table.Length; index++)
        {
            // Sign-extend the 14-bit value; a negative one is taken by its one's complement.
            var value14 = (index << 18) >> 18;
            var negative = value14 < 0;
            var magnitude = negative ? ~value14 : value14;
            table[index] = MuLawCode(magnitude, negative);
        }

        return table;
    }

    private static byte MuLawCode(int magnitude14, bool negative)
    {
        var biased = Math.Min(magnitude14 + MuLawBias, MuLawMaxBiased);
        // Segment = position of the highest set bit above bit 5 (biased range of segment 0 is 32..63).
        var segment = 0;
        while (biased >= (64 << segment))
        {
            segment++;
        }

        var step = (biased >> (segment + 1)) & 0x0F;
        var code = (segment << 4) | step | (negative ? 0x80 : 0);
        return (byte)(~code & 0xFF);
    }

    private static byte[] BuildALawEncode()
    {
        var table = new byte[1 << 13];
        for (var index = 0; index < table.Length; index++)
        {
            var value13 = (index << 19) >> 19;
            var negative = value13 < 0;
            var magnitude = negative ? ~value13 : value13;
            table[index] = ALawCode(magnitude, negative);
        }

        return table;
    }

    private static byte ALawCode(int magnitude13, bool negative)
    {
        int segment;
        int step;
        if (magnitude13 < 32)
        {
            segment = 0;
            step = magnitude13 >> 1;
        }
        else
        {
            segment = 1;
            while (magnitude13 >= (64 << (segment - 1)))
            {
                segment++;
            }

            step = (magnitude13 >> segment) & 0x0F;
        }

        var code = (segment << 4) | step | (negative ? 0 : 0x80);
        return (byte)(code ^ 0x55);
    }
}
