using System.Globalization;
using IvrService.Media.Audio;
using IvrService.Testing;

namespace IvrService.Cli.Tests;

/// <summary>ivrctl's prompts, dnc and keys commands run as processes against a real API host.</summary>
[Collection(ServerCollection.Name)]
public sealed class AdminCommandTests : IDisposable
{
    private readonly ServerFixture _server;
    private readonly PromptsFolder _folder = new();

    public AdminCommandTests(ServerFixture server)
    {
        _server = server;
    }

    public void Dispose() => _folder.Dispose();

    private Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args) =>
        Ivrctl.RunAsync(_folder.Root, null, [.. args, .. _server.AsAdmin]);

    /// <summary>Writes a mono 16-bit WAV of a tone to the working folder and returns its name.</summary>
    private string WriteWav(string name, int sampleRate, TimeSpan length, int channels = 1)
    {
        var frames = (int)(sampleRate * length.TotalSeconds);
        var samples = new short[frames];
        for (var i = 0; i < frames; i++)
        {
            samples[i] = (short)(8000 * Math.Sin(2 * Math.PI * 440 * i / sampleRate));
        }

        using (var writer = WavWriter.Create(Path.Combine(_folder.Root, name), new WavWriterOptions { SampleRate = sampleRate, Channels = channels }))
        {
            if (channels == 2)
            {
                writer.Append(samples, samples);
            }
            else
            {
                writer.Append(samples);
            }
        }

        return name;
    }

    private static string NewNumber() => "+98935" + Random.Shared.Next(0, 10_000_000).ToString("D7", CultureInfo.InvariantCulture);

    [Fact]
    public async Task PromptsUpload_StoresRecordingWithProgressAndListShowsIt_WhenFileIsMono16Khz()
    {
        // Arrange
        var file = WriteWav("goodbye-16k.wav", 16000, TimeSpan.FromSeconds(1.5));

        // Act
        var (exitCode, output, error) = await RunAsync("prompts", "upload", "en", "goodbye", file, "--text", "Goodbye.");
        var list = await RunAsync("prompts", "list", "--language", "en");

        // Assert
        Assert.Equal(0, exitCode);
        Assert.Equal("uploaded en/goodbye: recorded, 0:01.5, 23.5 KiB stored at 8 kHz\n", output);
        Assert.Contains("[########################] 100%", error, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_server.RecordedPromptsDirectory, "en", "goodbye.wav")));
        Assert.Equal((0, ""), (list.ExitCode, list.Error));
        var lines = list.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("LANG  KEY", lines[0], StringComparison.Ordinal);
        Assert.Matches(@"^en\s+goodbye\s+recorded\s+0:01\.5\s+23\.5 KiB\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ\s+Goodbye\.$", Assert.Single(lines, l => l.Contains(" goodbye ", StringComparison.Ordinal)));
        Assert.Matches(@"^en\s+transferring\s+(none|rendered)\s", Assert.Single(lines, l => l.Contains(" transferring ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task PromptsUpload_PrintsFieldViolationAndExitsOne_WhenFileIsStereo()
    {
        // Arrange
        var file = WriteWav("stereo.wav", 8000, TimeSpan.FromSeconds(0.5), channels: 2);

        // Act
        var (exitCode, output, error) = await RunAsync("prompts", "upload", "en", "no_input", file);

        // Assert
        Assert.Equal((1, ""), (exitCode, output));
        Assert.Contains("ivrctl: the server refused the request (INVALID_ARGUMENT):\n  chunk: the file (", error, StringComparison.Ordinal);
        Assert.Contains("a prompt must be mono", error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_server.RecordedPromptsDirectory, "en", "no_input.wav")));
    }

    [Fact]
    public async Task PromptsUpload_ExitsTwo_WhenFileDoesNotExist()
    {
        // Act
        var (exitCode, _, error) = await RunAsync("prompts", "upload", "en", "goodbye", "missing.wav");

        // Assert
        Assert.Equal(2, exitCode);
        Assert.Contains("missing.wav: no such file", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PromptsRender_RendersNamedPromptsWithSummary_AndRefusesNeitherKeysNorAll()
    {
        // Act
        var (exitCode, output, error) = await RunAsync("prompts", "render", "en", "invalid", "transferring");
        var neither = await RunAsync("prompts", "render", "en");

        // Assert
        Assert.Equal(0, exitCode);
        Assert.Matches(@"^en: [0-2] rendered, [0-2] up to date or recorded, 0 failed\n$", output);
        Assert.Contains("2/2", error, StringComparison.Ordinal);
        Assert.Equal(2, neither.ExitCode);
        Assert.Contains("--all", neither.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dnc_AddsListsAndRemovesNumber_WithExitCodes()
    {
        // Arrange
        var number = NewNumber();
        var national = "0" + number[3..];

        // Act
        var add = await RunAsync("dnc", "add", national, "--reason", "asked on the phone");
        var list = await RunAsync("dnc", "list", "--prefix", number);
        var remove = await RunAsync("dnc", "remove", number);
        var again = await RunAsync("dnc", "remove", number);
        var bad = await RunAsync("dnc", "add", "12345");

        // Assert
        Assert.Equal((0, ""), (add.ExitCode, add.Error));
        Assert.Matches($@"^\{number} is on the do-not-call list \(since \d{{4}}-\d\d-\d\d \d\d:\d\d:\d\dZ, by ops\)\n$", add.Output);
        var lines = list.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("PHONE          ADDED                 BY   REASON", lines[0]);
        Assert.Matches($@"^\{number}  \d{{4}}-\d\d-\d\d \d\d:\d\d:\d\dZ  ops  asked on the phone$", Assert.Single(lines.Skip(1)));
        Assert.Equal((0, $"{number} is off the do-not-call list\n"), (remove.ExitCode, remove.Output));
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("(NOT_FOUND)", again.Error, StringComparison.Ordinal);
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("  phone: ", bad.Error, StringComparison.Ordinal);
        Assert.False(await _server.DoNotCall.ContainsAsync(number, CancellationToken.None).WaitAsync(TestTimeouts.Default));
    }

    [Fact]
    public async Task Keys_CreatePrintsKeyOnceThatWorks_AndRevokeRefusesIt()
    {
        // Arrange
        var name = "cli-" + Guid.NewGuid().ToString("N")[..8];

        // Act
        var create = await RunAsync("keys", "create", name, "--scope", "admin");
        var secret = create.Output.TrimEnd('\n');
        var withNewKey = await Ivrctl.RunAsync(_folder.Root, null, "keys", "list", "--server", _server.Address, "--key", secret);
        var revoke = await RunAsync("keys", "revoke", name);
        var afterRevoke = await Ivrctl.RunAsync(_folder.Root, null, "keys", "list", "--server", _server.Address, "--key", secret);
        var list = await RunAsync("keys", "list");

        // Assert
        Assert.Equal(0, create.ExitCode);
        Assert.Matches("^ivr_[A-Za-z0-9_-]{43}$", secret);
        Assert.Contains($"created key '{name}' with scope admin", create.Error, StringComparison.Ordinal);
        Assert.Equal((0, ""), (withNewKey.ExitCode, withNewKey.Error));
        Assert.Matches($@"\n{name}\s+admin\s+database\s+\d{{4}}-", withNewKey.Output);
        Assert.DoesNotContain(secret, withNewKey.Output, StringComparison.Ordinal);
        Assert.Equal((0, $"revoked key '{name}' (admin)\n"), (revoke.ExitCode, revoke.Output));
        Assert.Equal(1, afterRevoke.ExitCode);
        Assert.Contains("(UNAUTHENTICATED)", afterRevoke.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(name, list.Output, StringComparison.Ordinal);
        Assert.Matches(@"\nops\s+admin\s+settings\s+-\n", list.Output);
    }

    [Fact]
    public async Task KeysCreate_ExitsTwo_WhenScopeIsMissingOrUnknown()
    {
        // Act
        var missing = await RunAsync("keys", "create", "someone");
        var unknown = await RunAsync("keys", "create", "someone", "--scope", "root");

        // Assert
        Assert.Equal((2, 2), (missing.ExitCode, unknown.ExitCode));
        Assert.Contains("--scope", missing.Error, StringComparison.Ordinal);
        Assert.Contains("root", unknown.Error, StringComparison.Ordinal);
    }
}
