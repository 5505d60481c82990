using Google.Protobuf;
using Google.Rpc;
using Grpc.Core;
using IvrService.Api.V1;
using IvrService.Media.Audio;
using IvrService.Testing;
using SpeechPromptSource = IvrService.Speech.PromptSource;

namespace IvrService.Api.Tests;

/// <summary>
/// Admin prompts over the real server: uploads checked and stored as recorded files the prompt library then plays,
/// listings, and renders by espeak-ng. Each test works on its own English prompt keys, so they share the server.
/// </summary>
[Collection(ApiServerCollection.Name)]
public sealed class PromptAdminTests
{
    private const int ChunkBytes = 64 * 1024;

    private readonly ApiServerFixture _server;

    public PromptAdminTests(ApiServerFixture server)
    {
        _server = server;
    }

    private Admin.AdminClient Client => new(_server.Channel);

    private static CallOptions AsAdmin => ApiServerFixture.With(ApiServerFixture.AdminKey);

    private async Task<Prompt> UploadAsync(string language, string key, byte[] file, string? key2 = null, long announced = 0, CallOptions? options = null)
    {
        using var call = Client.UploadPrompt(options ?? AsAdmin);
        try
        {
            await call.RequestStream.WriteAsync(new UploadPromptRequest
            {
                Header = new PromptUploadHeader { Language = language, Key = key, Text = "test recording", SizeBytes = announced },
            }).WaitAsync(TestTimeouts.Default);
            for (var offset = 0; offset < file.Length; offset += ChunkBytes)
            {
                var chunk = ByteString.CopyFrom(file, offset, Math.Min(ChunkBytes, file.Length - offset));
                await call.RequestStream.WriteAsync(new UploadPromptRequest { Chunk = chunk }).WaitAsync(TestTimeouts.Default);
            }

            if (key2 is not null)
            {
                await call.RequestStream.WriteAsync(new UploadPromptRequest { Header = new PromptUploadHeader { Language = language, Key = key2 } })
                    .WaitAsync(TestTimeouts.Default);
            }

            await call.RequestStream.CompleteAsync().WaitAsync(TestTimeouts.Default);
        }
        catch (RpcException)
        {
            // The server answered before the whole file was sent (a refusal): its answer says why.
        }

        return await call.ResponseAsync.WaitAsync(TestTimeouts.Default);
    }

    private static BadRequest.Types.FieldViolation Violation(RpcException error)
    {
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        return Assert.Single(error.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations);
    }

    private string RecordedFile(string language, string key) => Path.Combine(_server.RecordedPromptsDirectory, language, key + ".wav");

    [Fact]
    public async Task UploadPrompt_StoresRecordingTheLibraryPlays_WhenPcm16At8000Hz()
    {
        // Arrange
        var samples = TestWavs.Tone(8000, TimeSpan.FromSeconds(1));

        // Act
        var prompt = await UploadAsync("en", "goodbye", TestWavs.Wav(samples, 8000));

        // Assert
        Assert.Equal(("en", "goodbye", "Thank you for calling. Goodbye.", V1.PromptSource.Recorded), (prompt.Language, prompt.Key, prompt.Text, prompt.Source));
        Assert.Equal(TimeSpan.FromSeconds(1), prompt.Duration.ToTimeSpan());
        var file = await _server.Library.ResolveAsync("en", "goodbye", prompt.Text, CancellationToken.None).WaitAsync(TestTimeouts.Default);
        Assert.Equal((RecordedFile("en", "goodbye"), SpeechPromptSource.Recorded), (file.Path, file.Source));
        var stored = await PromptAudio.FromWavFileAsync(file.Path, CancellationToken.None).WaitAsync(TestTimeouts.Default);
        Assert.Equal(samples, stored.Pcm.ToArray());
        var audit = await _server.Audit.ListAsync("en/goodbye", 10, CancellationToken.None).WaitAsync(TestTimeouts.Default);
        var entry = Assert.Single(audit);
        Assert.Equal(("ops", "prompt_uploaded"), (entry.KeyName, entry.Action));
        Assert.Contains("16-bit PCM, 8000 Hz, 1 channel(s)", entry.Detail, StringComparison.Ordinal);
        Assert.Contains("says: test recording", entry.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(16000)]
    [InlineData(22050)]
    [InlineData(44100)]
    [InlineData(48000)]
    public async Task UploadPrompt_StoresAt8000Hz_WhenPcm16AtAnotherAcceptedRate(int sampleRate)
    {
        // Arrange
        var key = "your_number_is";
        var file = TestWavs.Wav(TestWavs.Tone(sampleRate, TimeSpan.FromSeconds(0.5)), sampleRate);

        // Act
        var prompt = await UploadAsync("fa", key, file);

        // Assert
        Assert.Equal(V1.PromptSource.Recorded, prompt.Source);
        Assert.True(WavReader.TryRead(await File.ReadAllBytesAsync(RecordedFile("fa", key)).WaitAsync(TestTimeouts.Default), out var stored, out _));
        Assert.Equal((8000, 1, WavEncoding.Pcm16), (stored!.SampleRate, stored.SourceChannels, stored.SourceEncoding));
        Assert.Equal(4000, stored.Samples.Length);
        Assert.Equal(TimeSpan.FromSeconds(0.5), prompt.Duration.ToTimeSpan());
    }

    [Theory]
    [InlineData(WavEncoding.MuLaw)]
    [InlineData(WavEncoding.ALaw)]
    public async Task UploadPrompt_StoresDecodedAudio_WhenG711At8000Hz(WavEncoding encoding)
    {
        // Arrange
        var key = encoding == WavEncoding.MuLaw ? "invalid_choice" : "no_input";
        var samples = TestWavs.Tone(8000, TimeSpan.FromSeconds(0.4));
        var file = TestWavs.Wav(samples, 8000, encoding);
        Assert.True(WavReader.TryRead(file, out var decoded, out _));

        // Act
        var prompt = await UploadAsync("en", key, file);

        // Assert
        Assert.Equal(TimeSpan.FromSeconds(0.4), prompt.Duration.ToTimeSpan());
        var stored = await PromptAudio.FromWavFileAsync(RecordedFile("en", key), CancellationToken.None).WaitAsync(TestTimeouts.Default);
        Assert.Equal(decoded!.Samples, stored.Pcm.ToArray());
    }

    public static TheoryData<string, byte[], string> UnacceptableFiles => new()
    {
        { "stereo", TestWavs.Wav(TestWavs.Tone(8000, TimeSpan.FromSeconds(0.2), channels: 2), 8000, channels: 2), "2 channel(s); a prompt must be mono" },
        { "8-bit", TestWavs.Wav(TestWavs.Tone(8000, TimeSpan.FromSeconds(0.2)), 8000, WavEncoding.Pcm8), "8-bit PCM" },
        { "24-bit", TestWavs.Pcm24(8000, 1600), "unsupported PCM bits per sample 24" },
        { "µ-law 16 kHz", TestWavs.Wav(TestWavs.Tone(16000, TimeSpan.FromSeconds(0.2)), 16000, WavEncoding.MuLaw), "G.711 must be 8000 Hz" },
        { "PCM 11025 Hz", TestWavs.Wav(TestWavs.Tone(11025, TimeSpan.FromSeconds(0.2)), 11025), "11025 Hz" },
        { "no audio", TestWavs.Wav([], 8000), "no audio" },
        { "not a WAV", "ID3 this is an mp3, honest"u8.ToArray(), "not a RIFF file" },
    };

    [Theory]
    [MemberData(nameof(UnacceptableFiles))]
    public async Task UploadPrompt_FailsInvalidArgumentNamingChunk_WhenFileIsNotAcceptable(string what, byte[] file, string expected)
    {
        // Arrange
        var key = "unacceptable_" + what.Replace(' ', '_').Replace("µ", "mu", StringComparison.Ordinal);

        // Act
        var error = await Assert.ThrowsAsync<RpcException>(() => UploadAsync("en", key, file));

        // Assert
        var violation = Violation(error);
        Assert.Equal("chunk", violation.Field);
        Assert.Contains(expected, violation.Description, StringComparison.Ordinal);
        Assert.False(File.Exists(RecordedFile("en", key)));
    }

    [Theory]
    [InlineData("xx", "welcome", "header.language", "no prompts/<language>/prompts.yaml")]
    [InlineData("", "welcome", "header.language", "must be given")]
    [InlineData("en", "../welcome", "header.key", "cannot be a prompt key")]
    [InlineData("en", "", "header.key", "cannot be a prompt key")]
    public async Task UploadPrompt_FailsInvalidArgumentNamingField_WhenHeaderIsBad(string language, string key, string field, string expected)
    {
        // Act
        var error = await Assert.ThrowsAsync<RpcException>(() => UploadAsync(language, key, TestWavs.Wav(TestWavs.Tone(8000, TimeSpan.FromSeconds(0.1)), 8000)));

        // Assert
        var violation = Violation(error);
        Assert.Equal(field, violation.Field);
        Assert.Contains(expected, violation.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UploadPrompt_FailsInvalidArgument_WhenChunkComesBeforeHeader()
    {
        // Arrange
        using var call = Client.UploadPrompt(AsAdmin);

        // Act
        await call.RequestStream.WriteAsync(new UploadPromptRequest { Chunk = ByteString.CopyFrom(TestWavs.Wav(TestWavs.Tone(8000, TimeSpan.FromSeconds(0.1)), 8000)) })
            .WaitAsync(TestTimeouts.Default);
        await call.RequestStream.CompleteAsync().WaitAsync(TestTimeouts.Default);
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync.WaitAsync(TestTimeouts.Default));

        // Assert
        Assert.Equal("header", Violation(error).Field);
    }

    [Fact]
    public async Task UploadPrompt_FailsInvalidArgument_WhenSecondHeaderFollows()
    {
        // Act
        var error = await Assert.ThrowsAsync<RpcException>(
            () => UploadAsync("en", "two_headers", TestWavs.Wav(TestWavs.Tone(8000, TimeSpan.FromSeconds(0.1)), 8000), key2: "other"));

        // Assert
        Assert.Equal("header", Violation(error).Field);
        Assert.False(File.Exists(RecordedFile("en", "two_headers")));
    }

    [Fact]
    public async Task UploadPrompt_FailsResourceExhausted_WhenFileIsOverTheLimit()
    {
        // Arrange: 48 kHz for 110 s is 10.56 MB, over the default 10 MiB
        var file = TestWavs.Wav(TestWavs.Tone(48000, TimeSpan.FromSeconds(110)), 48000);

        // Act
        var announced = await Assert.ThrowsAsync<RpcException>(() => UploadAsync("en", "too_large", file, announced: file.Length));
        var sent = await Assert.ThrowsAsync<RpcException>(() => UploadAsync("en", "too_large", file));

        // Assert
        Assert.Equal((StatusCode.ResourceExhausted, StatusCode.ResourceExhausted), (announced.StatusCode, sent.StatusCode));
        Assert.Contains("Api:MaxPromptUploadBytes", sent.Status.Detail, StringComparison.Ordinal);
        Assert.False(File.Exists(RecordedFile("en", "too_large")));
    }

    [Fact]
    public async Task UploadPrompt_ReplacesRecordingAndPromptCacheLoadsIt_WhenSameKeyIsUploadedAgain()
    {
        // Arrange: two recordings of the same length, so only the file's time tells them apart
        var first = TestWavs.Tone(8000, TimeSpan.FromSeconds(0.5), hertz: 440);
        var second = TestWavs.Tone(8000, TimeSpan.FromSeconds(0.5), hertz: 880);
        await UploadAsync("en", "enter_product_code", TestWavs.Wav(first, 8000));
        var cache = new PromptCache();
        var path = await _server.Library.GetAudioFileAsync("en", "enter_product_code", "text", CancellationToken.None).WaitAsync(TestTimeouts.Default);
        var before = await cache.GetAsync(path, CancellationToken.None).WaitAsync(TestTimeouts.Default);

        // Act
        await UploadAsync("en", "enter_product_code", TestWavs.Wav(second, 8000));
        var after = await cache.GetAsync(path, CancellationToken.None).WaitAsync(TestTimeouts.Default);

        // Assert
        Assert.Equal(first, before.Pcm.ToArray());
        Assert.Equal(second, after.Pcm.ToArray());
        Assert.Empty(Directory.GetFiles(Path.Combine(_server.RecordedPromptsDirectory, "en"), "*.tmp"));
    }

    [Fact]
    public async Task ListPrompts_TellsRecordedRenderedAndNone_PagedWithoutRepeats()
    {
        // Arrange
        await UploadAsync("en", "confirm_number_menu", TestWavs.Wav(TestWavs.Tone(8000, TimeSpan.FromSeconds(0.3)), 8000));
        await RenderAsync(new RenderPromptsRequest { Language = "en", Keys = { "invalid_product_code" } });
        var expectedKeys = Directory.GetFiles(Path.Combine(_server.RecordedPromptsDirectory, "en"), "*.wav").Select(Path.GetFileNameWithoutExtension)
            .Union(PromptCatalogKeys("en")).Order(StringComparer.Ordinal).ToList();

        // Act
        var listed = new List<Prompt>();
        var request = new ListPromptsRequest { Language = "en", PageSize = 40 };
        var pages = 0;
        do
        {
            var page = await Client.ListPromptsAsync(request, AsAdmin).ResponseAsync.WaitAsync(TestTimeouts.Default);
            Assert.InRange(page.Prompts.Count, 1, 40);
            listed.AddRange(page.Prompts);
            request.PageToken = page.NextPageToken;
            pages++;
        }
        while (request.PageToken.Length > 0);

        // Assert
        Assert.True(pages > 1);
        Assert.Equal(expectedKeys, listed.Select(p => p.Key));
        var recorded = listed.Single(p => p.Key == "confirm_number_menu");
        Assert.Equal((V1.PromptSource.Recorded, TimeSpan.FromSeconds(0.3)), (recorded.Source, recorded.Duration.ToTimeSpan()));
        var rendered = listed.Single(p => p.Key == "invalid_product_code");
        Assert.Equal((V1.PromptSource.Rendered, "The product code must have four to ten digits."), (rendered.Source, rendered.Text));
        Assert.True(rendered.Duration.ToTimeSpan() > TimeSpan.FromSeconds(1));
        Assert.True(rendered.SizeBytes > 44);
        Assert.Contains(listed, p => p.Source == V1.PromptSource.Unspecified && p.Duration is null or { Seconds: 0, Nanos: 0 });
    }

    [Fact]
    public async Task ListPrompts_FailsInvalidArgument_WhenLanguageOrTokenIsBad()
    {
        // Act
        var error = await Assert.ThrowsAsync<RpcException>(() => Client.ListPromptsAsync(
            new ListPromptsRequest { Language = "de", PageToken = "garbage!", PageSize = 5000 }, AsAdmin).ResponseAsync.WaitAsync(TestTimeouts.Default));

        // Assert
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(["language", "page_size", "page_token"], error.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task RenderPrompts_RendersWithEspeakAndLeavesRecordings_UnlessForcedOrIncluded()
    {
        // Arrange
        await UploadAsync("fa", "goodbye", TestWavs.Wav(TestWavs.Tone(8000, TimeSpan.FromSeconds(0.2)), 8000));
        var request = new RenderPromptsRequest { Language = "fa", Keys = { "goodbye", "welcome" } };

        // Act
        var first = await RenderAsync(request);
        var again = await RenderAsync(request);
        request.Force = true;
        request.IncludeRecorded = true;
        var forced = await RenderAsync(request);

        // Assert
        Assert.Equal([(2, 1, "goodbye", false), (2, 2, "welcome", true)], first.Select(p => (p.Total, p.Done, p.Prompt.Key, p.Rendered)));
        Assert.All(first.Concat(again).Concat(forced), p => Assert.Equal("", p.Error));
        Assert.Equal(V1.PromptSource.Recorded, first[0].Prompt.Source);
        Assert.Equal(V1.PromptSource.Rendered, first[1].Prompt.Source);
        Assert.True(first[1].Prompt.Duration.ToTimeSpan() > TimeSpan.FromSeconds(0.5));
        Assert.Equal([false, false], again.Select(p => p.Rendered));
        Assert.Equal([true, true], forced.Select(p => p.Rendered));
        Assert.Equal(V1.PromptSource.Rendered, forced[0].Prompt.Source);
        Assert.False(File.Exists(RecordedFile("fa", "goodbye")));
        var audit = await _server.Audit.ListAsync("fa", 10, CancellationToken.None).WaitAsync(TestTimeouts.Default);
        Assert.Equal(2, audit.Count(e => e.Action == "prompts_rendered"));
        Assert.Contains(audit, e => e.Detail!.Contains("1 replacing a recording", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RenderPrompts_FailsInvalidArgumentNamingKey_WhenKeyIsNotInCatalog()
    {
        // Act
        var error = await Assert.ThrowsAsync<RpcException>(() => RenderAsync(new RenderPromptsRequest { Language = "en", Keys = { "welcome", "no_such_prompt" } }));

        // Assert
        var violation = Violation(error);
        Assert.Equal("keys[1]", violation.Field);
        Assert.Contains("no_such_prompt", violation.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PromptMethods_FailPermissionDenied_WhenKeyHasIntegratorScope()
    {
        // Arrange
        var integrator = ApiServerFixture.With(ApiServerFixture.IntegratorKey);

        // Act
        var list = await Assert.ThrowsAsync<RpcException>(() => Client.ListPromptsAsync(new ListPromptsRequest(), integrator).ResponseAsync.WaitAsync(TestTimeouts.Default));
        var upload = await Assert.ThrowsAsync<RpcException>(() => UploadAsync("en", "welcome", TestWavs.Wav(TestWavs.Tone(8000, TimeSpan.FromSeconds(0.1)), 8000), options: integrator));
        var render = await Assert.ThrowsAsync<RpcException>(() => RenderAsync(new RenderPromptsRequest { Language = "en" }, integrator));

        // Assert
        Assert.Equal([StatusCode.PermissionDenied, StatusCode.PermissionDenied, StatusCode.PermissionDenied], new[] { list.StatusCode, upload.StatusCode, render.StatusCode });
        Assert.False(File.Exists(RecordedFile("en", "welcome")));
    }

    [Fact]
    public async Task ListPrompts_FailsUnauthenticated_WhenNoKeyIsSent()
    {
        // Act
        var error = await Assert.ThrowsAsync<RpcException>(
            () => Client.ListPromptsAsync(new ListPromptsRequest(), ApiServerFixture.With(null)).ResponseAsync.WaitAsync(TestTimeouts.Default));

        // Assert
        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
    }

    private async Task<List<RenderPromptsProgress>> RenderAsync(RenderPromptsRequest request, CallOptions? options = null)
    {
        using var call = Client.RenderPrompts(request, options ?? AsAdmin);
        var progress = new List<RenderPromptsProgress>();
        while (await call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(TestTimeouts.Default))
        {
            progress.Add(call.ResponseStream.Current);
        }

        return progress;
    }

    private static IEnumerable<string> PromptCatalogKeys(string language) =>
        IvrService.Flows.PromptCatalog.Load(ApiServerFixture.PromptsDirectory).KeysOf(language);
}
