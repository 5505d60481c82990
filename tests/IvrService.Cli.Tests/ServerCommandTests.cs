using System.Globalization;
using IvrService.Flows;
using IvrService.Storage;
using IvrService.Testing;

namespace IvrService.Cli.Tests;

/// <summary>ivrctl's server commands run as processes against a real API host.</summary>
[Collection(ServerCollection.Name)]
public sealed class ServerCommandTests : IDisposable
{
    private readonly ServerFixture _server;
    private readonly PromptsFolder _folder = new();

    public ServerCommandTests(ServerFixture server)
    {
        _server = server;
    }

    public void Dispose() => _folder.Dispose();

    private static string NewMenuId() => "m" + Guid.NewGuid().ToString("N")[..10];

    private string WriteMenu(string id, string yaml, string? name = null) =>
        _folder.WriteMenu(name ?? id + ".yaml", yaml.Replace("id: test", "id: " + id, StringComparison.Ordinal).Replace("id: broken", "id: " + id, StringComparison.Ordinal));

    private Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args) =>
        Ivrctl.RunAsync(_folder.Root, null, [.. args, .. _server.AsAdmin]);

    [Fact]
    public async Task Publish_PrintsNewVersionAndExitsZero_WhenMenuIsValid()
    {
        // Arrange
        var id = NewMenuId();
        var menu = WriteMenu(id, Menus.Valid);

        // Act
        var (exitCode, output, error) = await RunAsync("publish", menu, "--comment", "first");

        // Assert
        Assert.Equal((0, ""), (exitCode, error));
        Assert.StartsWith($"published {id} version 1 (current) at ", output, StringComparison.Ordinal);
        Assert.EndsWith(" by ops\n", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_PrintsEveryProblemAndExitsOne_WhenMenuHasUnknownTargets()
    {
        // Arrange
        var id = NewMenuId();
        await RunAsync("publish", WriteMenu(id, Menus.Valid));
        var broken = WriteMenu(id, Menus.UnknownTargets, "broken.yaml");

        // Act
        var (exitCode, output, error) = await RunAsync("publish", broken);
        var (_, versions, _) = await RunAsync("versions", id);

        // Assert
        Assert.Equal((1, ""), (exitCode, output));
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("ivrctl: the server refused the request (INVALID_ARGUMENT):", lines[0]);
        Assert.Contains(lines, l => l.StartsWith("  yaml: broken.yaml:11:", StringComparison.Ordinal) && l.Contains("nowhere", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("  yaml: broken.yaml:12:", StringComparison.Ordinal) && l.Contains("elsewhere", StringComparison.Ordinal));
        Assert.Equal(2, versions.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task Versions_ListsNewestFirstWithCurrentMarked_WhenMenuHasTwoVersions()
    {
        // Arrange
        var id = NewMenuId();
        var menu = WriteMenu(id, Menus.Valid);
        await RunAsync("publish", menu, "--comment", "first");
        await RunAsync("publish", menu, "--comment", "second try");

        // Act
        var (exitCode, output, error) = await RunAsync("versions", id);

        // Assert
        Assert.Equal((0, ""), (exitCode, error));
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.Equal(["VERSION", "CURRENT", "PUBLISHED", "BY", "SOURCE", "COMMENT"], lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Matches(@"^2 +\* +\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ +ops +m\w+\.yaml +second try$", lines[1]);
        Assert.Matches(@"^1 +\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ +ops +m\w+\.yaml +first$", lines[2]);
    }

    [Fact]
    public async Task Rollback_MakesEarlierVersionCurrent_WhenVersionExists()
    {
        // Arrange
        var id = NewMenuId();
        var menu = WriteMenu(id, Menus.Valid);
        await RunAsync("publish", menu);
        await RunAsync("publish", menu);

        // Act
        var (exitCode, output, error) = await RunAsync("rollback", id, "1", "--comment", "back");
        var (_, versions, _) = await RunAsync("versions", id);

        // Assert
        Assert.Equal((0, $"{id}: version 1 is current (was 2)\n", ""), (exitCode, output, error));
        Assert.Matches(@"\n1 +\* ", versions);
    }

    [Fact]
    public async Task Rollback_PrintsNotFoundAndExitsOne_WhenVersionIsUnknown()
    {
        // Arrange
        var id = NewMenuId();
        await RunAsync("publish", WriteMenu(id, Menus.Valid));

        // Act
        var (exitCode, output, error) = await RunAsync("rollback", id, "9");

        // Assert
        Assert.Equal((1, ""), (exitCode, output));
        Assert.Equal($"ivrctl: the server refused the request (NOT_FOUND): menu '{id}' has no version 9\n", error);
    }

    [Fact]
    public async Task Publish_PrintsPermissionDeniedAndExitsOne_WhenKeyHasIntegratorScope()
    {
        // Arrange
        var menu = WriteMenu(NewMenuId(), Menus.Valid);

        // Act
        var (exitCode, _, error) = await Ivrctl.RunAsync(_folder.Root, null, "publish", menu, "--server", _server.Address, "--key", ApiTestHost.IntegratorKey);

        // Assert
        Assert.Equal(1, exitCode);
        Assert.StartsWith("ivrctl: the server refused the request (PERMISSION_DENIED): ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Versions_UsesServerAndKeyFromEnvironment_WhenOptionsAreNotGiven()
    {
        // Arrange
        var id = NewMenuId();
        await RunAsync("publish", WriteMenu(id, Menus.Valid));
        var environment = new Dictionary<string, string> { ["IVRCTL_SERVER"] = _server.Address, ["IVRCTL_KEY"] = ApiTestHost.AdminKey };

        // Act
        var (exitCode, output, error) = await Ivrctl.RunAsync(_folder.Root, null, environment, "versions", id);

        // Assert
        Assert.Equal((0, ""), (exitCode, error));
        Assert.Equal(2, output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task Versions_ExitsTwo_WhenNoServerIsGiven()
    {
        // Act
        var (exitCode, output, error) = await Ivrctl.RunAsync(_folder.Root, null, "versions", "after-sales", "--key", ApiTestHost.AdminKey);

        // Assert
        Assert.Equal((2, "", "ivrctl: no server: give --server http://host:port or set IVRCTL_SERVER\n"), (exitCode, output, error));
    }

    [Fact]
    public async Task Versions_ExitsThree_WhenServerCannotBeReached()
    {
        // Arrange
        var port = FreePorts.Next();

        // Act
        var (exitCode, output, error) = await Ivrctl.RunAsync(
            _folder.Root, null, "versions", "after-sales", "--server", $"http://127.0.0.1:{port}", "--key", ApiTestHost.AdminKey);

        // Assert
        Assert.Equal((3, ""), (exitCode, output));
        Assert.StartsWith($"ivrctl: cannot reach the server at http://127.0.0.1:{port}: Unavailable", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallsList_PrintsTheCallerCallsNewestFirst_WhenFilteredByCallerAndOutcome()
    {
        // Arrange
        var caller = "0912" + Random.Shared.Next(1_000_000, 9_999_999).ToString(CultureInfo.InvariantCulture);
        var at = new DateTimeOffset(2025, 6, 1, 8, 0, 0, TimeSpan.Zero);
        var first = await OfferAsync(caller, at, "completed");
        var second = await OfferAsync(caller, at.AddMinutes(5), "transferred");
        var third = await OfferAsync(caller, at.AddMinutes(9), "completed");
        await OfferAsync("0" + caller, at, "completed");

        // Act
        var (exitCode, output, error) = await RunAsync("calls", "list", "--caller", caller, "--outcome", "completed");
        var (_, limited, _) = await RunAsync("calls", "list", "--caller", caller, "--limit", "2", "--from", "2025-06-01T08:01:00Z");

        // Assert
        Assert.Equal((0, ""), (exitCode, error));
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["ID", "OFFERED", "DIR", "CALLER", "CALLED", "TALK", "ENDED", "BY", "MENU", "RESULT", "REC"], lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(3, lines.Length);
        Assert.Matches($@"^{third} +2025-06-01 08:09:00Z +in +{caller} +100 +0:30\.0 +caller_hangup +after-sales v3 +completed$", lines[1]);
        Assert.Matches($@"^{first} +2025-06-01 08:00:00Z ", lines[2]);
        Assert.Equal([third, second], limited.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => long.Parse(l.Split(' ')[0], CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task CallsShow_PrintsPathDigitsAndRecording_WhenCallRanTheMenu()
    {
        // Arrange
        var caller = "0912" + Random.Shared.Next(1_000_000, 9_999_999).ToString(CultureInfo.InvariantCulture);
        var at = new DateTimeOffset(2025, 6, 1, 8, 0, 0, TimeSpan.Zero);
        var callId = Guid.NewGuid().ToString("N") + "@test";
        var id = await OfferAsync(caller, at, "transferred", callId);
        var journal = _server.Steps.OpenJournal(callId, id, "after-sales", 3);
        await journal.WriteAsync(new FlowStep(at.AddSeconds(2), "main", FlowStepKind.NodeEntered, null), CancellationToken.None).WaitAsync(TestTimeouts.Default);
        await journal.WriteAsync(new FlowStep(at.AddSeconds(4), "main", FlowStepKind.Digits, "0"), CancellationToken.None).WaitAsync(TestTimeouts.Default);
        await journal.WriteAsync(new FlowStep(at.AddSeconds(5), "operator", FlowStepKind.Transfer, "operator"), CancellationToken.None).WaitAsync(TestTimeouts.Default);
        await _server.Records.RecordDigitAsync(id, new CallDigit('0', CallDigitMethod.Rfc4733, TimeSpan.FromMilliseconds(120), at.AddSeconds(4)), CancellationToken.None)
            .WaitAsync(TestTimeouts.Default);
        var wav = Path.Combine(_folder.Root, "call.wav");
        TestWav.WriteTone(wav, 8000, 440, TimeSpan.FromSeconds(1));
        await _server.Records.SetRecordingPathAsync(id, wav, CancellationToken.None).WaitAsync(TestTimeouts.Default);

        // Act
        var (exitCode, output, error) = await RunAsync("calls", "show", id.ToString(CultureInfo.InvariantCulture));

        // Assert
        Assert.Equal((0, ""), (exitCode, error));
        Assert.Matches(@"\nmenu +after-sales version 3\n", output);
        Assert.Matches(@"\nresult +transferred\n", output);
        Assert.Matches(@"\n1 +2025-06-01 08:00:02Z +main +node_entered\n2 +2025-06-01 08:00:04Z +main +digits +0\n3 +2025-06-01 08:00:05Z +operator +transfer +operator\n", output);
        Assert.Matches(@"\nDIGIT +METHOD +HELD +RECEIVED\n0 +rfc4733 +0:00\.1 +2025-06-01 08:00:04Z\n", output);
        Assert.Contains("\nrecording: call.wav, 15.7 KiB, 0:01.0, 8000 Hz, 1 channel(s), 16-bit\n", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallsRecording_SavesTheFileByteForByte_WhenCallHasARecording()
    {
        // Arrange
        var caller = "0912" + Random.Shared.Next(1_000_000, 9_999_999).ToString(CultureInfo.InvariantCulture);
        var id = await OfferAsync(caller, new DateTimeOffset(2025, 6, 2, 8, 0, 0, TimeSpan.Zero), "completed");
        var wav = Path.Combine(_folder.Root, "source.wav");
        TestWav.WriteTone(wav, 8000, 440, TimeSpan.FromSeconds(20));
        await _server.Records.SetRecordingPathAsync(id, wav, CancellationToken.None).WaitAsync(TestTimeouts.Default);

        // Act
        var (exitCode, output, error) = await RunAsync("calls", "recording", id.ToString(CultureInfo.InvariantCulture), "-o", "saved.wav");

        // Assert
        Assert.Equal(0, exitCode);
        Assert.Equal($"saved saved.wav ({new FileInfo(wav).Length} bytes)\n", output);
        Assert.Contains("100% ", error, StringComparison.Ordinal);
        Assert.Equal(await File.ReadAllBytesAsync(wav), await File.ReadAllBytesAsync(Path.Combine(_folder.Root, "saved.wav")));
    }

    [Fact]
    public async Task CallsShow_PrintsNotFoundAndExitsOne_WhenIdIsUnknown()
    {
        // Act
        var (exitCode, output, error) = await RunAsync("calls", "show", "999999999");

        // Assert
        Assert.Equal((1, "", "ivrctl: the server refused the request (NOT_FOUND): no call with id 999999999\n"), (exitCode, output, error));
    }

    private async Task<long> OfferAsync(string caller, DateTimeOffset offeredAt, string outcome, string? callId = null)
    {
        callId ??= Guid.NewGuid().ToString("N") + "@test";
        var id = await _server.Records.RecordOfferedAsync(
            new CallOffered(callId, CallDirection.Inbound, $"sip:{caller}@127.0.0.1", "sip:100@127.0.0.1", caller, "100", "127.0.0.1:5062",
                CallTransport.Udp, offeredAt, "test-host"),
            CancellationToken.None).WaitAsync(TestTimeouts.Default);
        await _server.Records.RecordAnsweredAsync(id, offeredAt.AddSeconds(1), CancellationToken.None).WaitAsync(TestTimeouts.Default);
        await _server.Records.RecordEndedAsync(id, offeredAt.AddSeconds(31), CallEndReason.CallerHangup, null, CancellationToken.None).WaitAsync(TestTimeouts.Default);
        await _server.Records.RecordFlowOutcomeAsync(id, new CallFlowSummary("after-sales", 3, outcome, "en"), CancellationToken.None).WaitAsync(TestTimeouts.Default);
        return id;
    }
}
