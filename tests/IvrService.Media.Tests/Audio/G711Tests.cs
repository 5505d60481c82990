using IvrService.Media.Audio;

namespace IvrService.Media.Tests.Audio;

public sealed class G711Tests
{
    // ITU-T G.711 table 2 (µ-law), 14-bit scale: first decoder output of each segment and its step.
    private static readonly int[] MuLawSegmentStart = [0, 33, 99, 231, 495, 1023, 2079, 4191];
    private static readonly int[] MuLawSegmentStep = [2, 4, 8, 16, 32, 64, 128, 256];

    // ITU-T G.711 table 1 (A-law), 13-bit scale.
    private static readonly int[] ALawSegmentStart = [1, 33, 66, 132, 264, 528, 1056, 2112];
    private static readonly int[] ALawSegmentStep = [2, 2, 4, 8, 16, 32, 64, 128];

    /// <summary>The G.711 µ-law decoder output for a code, scaled to 16 bits (×4).</summary>
    private static short MuLawReference(byte code)
    {
        // Character signal: bit 8 is the sign (1 = positive), bits 7..5 the segment and 4..1 the step, all inverted.
        var inverted = (byte)~code;
        var segment = (inverted >> 4) & 7;
        var step = inverted & 0x0F;
        var value = (MuLawSegmentStart[segment] + (step * MuLawSegmentStep[segment])) * 4;
        return (short)((code & 0x80) != 0 ? value : -value);
    }

    /// <summary>The G.711 A-law decoder output for a code, scaled to 16 bits (×8).</summary>
    private static short ALawReference(byte code)
    {
        var plain = code ^ 0x55;
        var segment = (plain >> 4) & 7;
        var step = plain & 0x0F;
        var value = (ALawSegmentStart[segment] + (step * ALawSegmentStep[segment])) * 8;
        return (short)((plain & 0x80) != 0 ? value : -value);
    }

    [Fact]
    public void MuLawToLinear_MatchesG711Table_ForAll256Codes()
    {
        for (var code = 0; code < 256; code++)
        {
            // Act
            var actual = G711.MuLawToLinear((byte)code);

            // Assert
            Assert.True(MuLawReference((byte)code) == actual, $"code 0x{code:X2}: expected {MuLawReference((byte)code)}, got {actual}");
        }
    }

    [Fact]
    public void ALawToLinear_MatchesG711Table_ForAll256Codes()
    {
        for (var code = 0; code < 256; code++)
        {
            // Act
            var actual = G711.ALawToLinear((byte)code);

            // Assert
            Assert.True(ALawReference((byte)code) == actual, $"code 0x{code:X2}: expected {ALawReference((byte)code)}, got {actual}");
        }
    }

    [Theory]
    [InlineData(0x00, -32124)]
    [InlineData(0x0F, -16764)]
    [InlineData(0x70, -120)]
    [InlineData(0x7E, -8)]
    [InlineData(0x7F, 0)]
    [InlineData(0x80, 32124)]
    [InlineData(0xEF, 132)]
    [InlineData(0xFE, 8)]
    [InlineData(0xFF, 0)]
    public void MuLawToLinear_ReturnsReferenceValue_WhenCodeIsLandmark(int code, int expected)
    {
        // Act
        var actual = G711.MuLawToLinear((byte)code);

        // Assert
        Assert.Equal(expected, actual);
    }

    [Theory]
    [InlineData(0x55, -8)]
    [InlineData(0xD5, 8)]
    [InlineData(0x54, -24)]
    [InlineData(0x45, -264)]
    [InlineData(0x2A, -32256)]
    [InlineData(0xAA, 32256)]
    [InlineData(0x80, 5504)]
    public void ALawToLinear_ReturnsReferenceValue_WhenCodeIsLandmark(int code, int expected)
    {
        // Act
        var actual = G711.ALawToLinear((byte)code);

        // Assert
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void LinearToMuLaw_InvertsDecode_ForAllCodesExceptNegativeZero()
    {
        for (var code = 0; code < 256; code++)
        {
            // Act
            var encoded = G711.LinearToMuLaw(G711.MuLawToLinear((byte)code));

            // Assert: negative zero (0x7F) decodes to 0, which G.711 encodes as positive zero (0xFF).
            var expected = code == 0x7F ? 0xFF : code;
            Assert.True(expected == encoded, $"code 0x{code:X2} came back as 0x{encoded:X2}");
        }
    }

    [Fact]
    public void LinearToALaw_InvertsDecode_ForAll256Codes()
    {
        for (var code = 0; code < 256; code++)
        {
            // Act
            var encoded = G711.LinearToALaw(G711.ALawToLinear((byte)code));

            // Assert
            Assert.True(code == encoded, $"code 0x{code:X2} came back as 0x{encoded:X2}");
        }
    }

    [Theory]
    [InlineData(0, 0xFF)]
    [InlineData(3, 0xFF)]
    [InlineData(4, 0xFE)]
    [InlineData(123, 0xF0)] // 14-bit 30: last step of segment 0
    [InlineData(124, 0xEF)] // 14-bit 31: first step of segment 1
    [InlineData(379, 0xE0)] // 14-bit 94: last step of segment 1
    [InlineData(380, 0xDF)] // 14-bit 95: first step of segment 2
    [InlineData(-1, 0x7F)] // one's complement: negative zero
    [InlineData(-4, 0x7F)]
    [InlineData(-5, 0x7E)]
    [InlineData(-124, 0x70)]
    [InlineData(-125, 0x6F)]
    public void LinearToMuLaw_ChoosesSegment_AtDecisionBoundaries(int sample, int expected)
    {
        // Act
        var code = G711.LinearToMuLaw((short)sample);

        // Assert
        Assert.Equal(expected, code);
    }

    [Theory]
    [InlineData(0, 0xD5)]
    [InlineData(15, 0xD5)]
    [InlineData(16, 0xD4)]
    [InlineData(255, 0xDA)] // 13-bit 31: last step of segment 0
    [InlineData(256, 0xC5)] // 13-bit 32: first step of segment 1
    [InlineData(511, 0xCA)]
    [InlineData(512, 0xF5)] // 13-bit 64: segment 2
    [InlineData(-1, 0x55)]
    [InlineData(-256, 0x5A)]
    [InlineData(-257, 0x45)]
    public void LinearToALaw_ChoosesSegment_AtDecisionBoundaries(int sample, int expected)
    {
        // Act
        var code = G711.LinearToALaw((short)sample);

        // Assert
        Assert.Equal(expected, code);
    }

    [Theory]
    [InlineData(32124, 0x80)]
    [InlineData(32635, 0x80)]
    [InlineData(32767, 0x80)]
    [InlineData(-32768, 0x00)]
    [InlineData(-32636, 0x00)]
    public void LinearToMuLaw_ClipsToLargestCode_WhenBeyondRange(int sample, int expected)
    {
        // Act
        var code = G711.LinearToMuLaw((short)sample);

        // Assert
        Assert.Equal(expected, code);
    }

    [Theory]
    [InlineData(32767, 0xAA)]
    [InlineData(-32768, 0x2A)]
    public void LinearToALaw_UsesLargestCode_AtFullScale(int sample, int expected)
    {
        // Act
        var code = G711.LinearToALaw((short)sample);

        // Assert
        Assert.Equal(expected, code);
    }

    [Fact]
    public void LinearToALaw_InvertsEvenBits_OfTheCharacterSignal()
    {
        // Arrange: +8 is sign 1, segment 0, step 0 before inversion: 1000 0000.
        const byte characterSignal = 0x80;

        // Act
        var code = G711.LinearToALaw(8);

        // Assert
        Assert.Equal(characterSignal ^ 0x55, code);
        Assert.Equal(TelephonyAudio.ALawSilence, code);
    }

    [Fact]
    public void EncodeMuLaw_MatchesScalar_ForEverySixteenBitValue()
    {
        // Arrange
        var samples = new short[65536];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = (short)(i - 32768);
        }

        var mu = new byte[samples.Length];
        var a = new byte[samples.Length];

        // Act
        G711.EncodeMuLaw(samples, mu);
        G711.EncodeALaw(samples, a);

        // Assert
        for (var i = 0; i < samples.Length; i++)
        {
            Assert.Equal(G711.LinearToMuLaw(samples[i]), mu[i]);
            Assert.Equal(G711.LinearToALaw(samples[i]), a[i]);
        }
    }

    [Fact]
    public void LinearToMuLaw_IsMonotonic_AcrossTheWholeRange()
    {
        // Arrange
        var previous = short.MinValue;

        for (var sample = -32768; sample <= 32767; sample++)
        {
            // Act
            var decoded = G711.MuLawToLinear(G711.LinearToMuLaw((short)sample));
            var decodedA = G711.ALawToLinear(G711.LinearToALaw((short)sample));

            // Assert: quantizing never reverses order and stays within half a step (plus the one's-complement offset).
            Assert.True(decoded >= previous, $"{sample} went backwards");
            var muLimit = Math.Abs(sample) > 32635 ? 32768 - 32124 : 512 + 4;
            Assert.InRange(Math.Abs(decoded - sample), 0, muLimit);
            Assert.InRange(Math.Abs(decodedA - sample), 0, 512 + 8);
            previous = decoded;
        }
    }

    [Fact]
    public void DecodeALaw_DecodesEveryCode_IntoDestination()
    {
        // Arrange
        var codes = new byte[256];
        for (var i = 0; i < codes.Length; i++)
        {
            codes[i] = (byte)i;
        }

        var mu = new short[256];
        var a = new short[256];

        // Act
        G711.DecodeMuLaw(codes, mu);
        G711.DecodeALaw(codes, a);

        // Assert
        for (var i = 0; i < codes.Length; i++)
        {
            Assert.Equal(MuLawReference((byte)i), mu[i]);
            Assert.Equal(ALawReference((byte)i), a[i]);
        }
    }

    [Fact]
    public void EncodeMuLaw_Throws_WhenDestinationTooShort()
    {
        // Arrange
        var samples = new short[160];
        var destination = new byte[159];

        // Act + Assert
        Assert.Throws<ArgumentException>(() => G711.EncodeMuLaw(samples, destination));
    }

    [Fact]
    public void SpanCodecs_AllocateNothing_AfterWarmUp()
    {
        // Arrange
        var samples = new short[TelephonyAudio.FrameSamples];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = (short)(i * 200);
        }

        var codes = new byte[TelephonyAudio.FrameSamples];
        var decoded = new short[TelephonyAudio.FrameSamples];
        RunFrame(samples, codes, decoded);

        // Act
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            RunFrame(samples, codes, decoded);
        }

        var after = GC.GetAllocatedBytesForCurrentThread();

        // Assert
        Assert.Equal(before, after);

        static void RunFrame(short[] samples, byte[] codes, short[] decoded)
        {
            G711.EncodeMuLaw(samples, codes);
            G711.DecodeMuLaw(codes, decoded);
            G711.EncodeALaw(samples, codes);
            G711.DecodeALaw(codes, decoded);
        }
    }
}
