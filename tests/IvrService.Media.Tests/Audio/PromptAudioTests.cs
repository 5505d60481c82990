using IvrService.Media.Audio;

namespace IvrService.Media.Tests.Audio;

public sealed class PromptAudioTests
{
    [Fact]
    public void FromPcm_EncodesBothLawsOnce_WhenPcmIs8kMono()
    {
        // Arrange
        var samples = new short[320];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = (short)((i * 211) - 30000);
        }

        // Act
        var prompt = PromptAudio.FromPcm("greeting", samples);

        // Assert
        Assert.Equal("greeting", prompt.Name);
        Assert.Equal(samples, prompt.Pcm.ToArray());
        Assert.Equal(2, prompt.FrameCount);
        Assert.Equal(TimeSpan.FromMilliseconds(40), prompt.Duration);
        for (var i = 0; i < samples.Length; i++)
        {
            Assert.Equal(G711.LinearToMuLaw(samples[i]), prompt.MuLaw.Span[i]);
            Assert.Equal(G711.LinearToALaw(samples[i]), prompt.ALaw.Span[i]);
        }
    }

    [Fact]
    public void FromPcm_PadsWithSilence_WhenLastFrameIsPartial()
    {
        // Arrange
        var samples = Enumerable.Repeat((short)500, 170).ToArray();

        // Act
        var prompt = PromptAudio.FromPcm("short", samples);

        // Assert
        Assert.Equal(2, prompt.FrameCount);
        Assert.Equal(320, prompt.Pcm.Length);
        Assert.Equal(0, prompt.Pcm.Span[170]);
        Assert.Equal(TelephonyAudio.MuLawSilence, prompt.GetFrame(G711Law.MuLaw, 1)[10]);
        Assert.Equal(TelephonyAudio.ALawSilence, prompt.GetFrame(G711Law.ALaw, 1)[159]);
    }

    [Fact]
    public void FromPcm_ResamplesTo8k_WhenPcmIsEspeakRate()
    {
        // Arrange: one second at 22050 Hz, as espeak-ng writes it.
        var samples = new short[22050];

        // Act
        var prompt = PromptAudio.FromPcm("tts", samples, 22050);

        // Assert
        Assert.Equal(50, prompt.FrameCount);
        Assert.Equal(TimeSpan.FromSeconds(1), prompt.Duration);
    }

    [Fact]
    public void FromWav_DecodesAndResamples_WhenFileIsStereo16k()
    {
        // Arrange
        var file = new WavBytes()
            .Chunk("fmt ", WavBytes.Fmt(1, 2, 16000, 16))
            .Chunk("data", WavBytes.Pcm16(new short[16000 * 2]))
            .Build();

        // Act
        var prompt = PromptAudio.FromWav("menu/main", file);

        // Assert
        Assert.Equal(50, prompt.FrameCount);
        Assert.Equal("menu/main", prompt.Name);
    }

    [Fact]
    public void FromWav_ThrowsNamingPromptAndFault_WhenFileIsBad()
    {
        // Arrange
        var file = new WavBytes().Chunk("data", [0, 0]).Build();

        // Act
        var error = Assert.Throws<InvalidDataException>(() => PromptAudio.FromWav("prompts/en/welcome.wav", file));

        // Assert
        Assert.Equal("Prompt 'prompts/en/welcome.wav' is not a usable WAV file: fmt chunk missing.", error.Message);
    }

    [Fact]
    public void Silence_IsWholeFramesOfSilenceCodes_WhenDurationIsNotAMultipleOf20Ms()
    {
        // Act
        var silence = PromptAudio.Silence(TimeSpan.FromMilliseconds(1010));

        // Assert
        Assert.Equal(51, silence.FrameCount);
        Assert.Equal(TimeSpan.FromMilliseconds(1020), silence.Duration);
        Assert.All(silence.MuLaw.ToArray(), code => Assert.Equal(TelephonyAudio.MuLawSilence, code));
        Assert.All(silence.ALaw.ToArray(), code => Assert.Equal(TelephonyAudio.ALawSilence, code));
        Assert.All(silence.Pcm.ToArray(), sample => Assert.Equal(0, sample));
    }

    [Fact]
    public void GetFrame_ReturnsTheFramesBytes_WhenIndexIsInRange()
    {
        // Arrange
        var samples = new short[480];
        samples[320] = 8000;
        var prompt = PromptAudio.FromPcm("p", samples);

        // Act
        var frame = prompt.GetFrame(G711Law.MuLaw, 2);

        // Assert
        Assert.Equal(TelephonyAudio.FrameSamples, frame.Length);
        Assert.Equal(G711.LinearToMuLaw(8000), frame[0]);
        Assert.Equal(prompt.Encoded(G711Law.ALaw).Span[320], prompt.GetFrame(G711Law.ALaw, 2)[0]);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(3)]
    public void GetFrame_Throws_WhenIndexIsOutOfRange(int index)
    {
        // Arrange
        var prompt = PromptAudio.Silence(TimeSpan.FromMilliseconds(60));

        // Act + Assert
        Assert.Throws<ArgumentOutOfRangeException>(() => prompt.GetFrame(G711Law.MuLaw, index).Length);
    }

    [Fact]
    public void GetFrame_AllocatesNothing_WhenCopyingFramesToAPacket()
    {
        // Arrange
        var prompt = PromptAudio.Silence(TimeSpan.FromSeconds(1));
        var packet = new byte[12 + TelephonyAudio.FrameSamples];
        prompt.GetFrame(G711Law.MuLaw, 0).CopyTo(packet.AsSpan(12));

        // Act
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < prompt.FrameCount; i++)
        {
            prompt.GetFrame(i % 2 == 0 ? G711Law.MuLaw : G711Law.ALaw, i).CopyTo(packet.AsSpan(12));
        }

        var after = GC.GetAllocatedBytesForCurrentThread();

        // Assert
        Assert.Equal(before, after);
    }
}
