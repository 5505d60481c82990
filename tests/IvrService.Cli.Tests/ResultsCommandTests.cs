using System.Text.Json;
using IvrService.Storage;
using IvrService.Storage.HappyCalls;
using IvrService.Testing;

namespace IvrService.Cli.Tests;

/// <summary><c>ivrctl results list|follow</c> run as processes against a real API host over results in PostgreSQL.</summary>
[Collection(ServerCollection.Name)]
public sealed class ResultsCommandTests : IDisposable
{
    private static readonly TimeSpan Limit = TestTimeouts.Default;

    private readonly ServerFixture _server;
    private readonly string _directory = Directory.CreateTempSubdirectory("ivrctl-results-").FullName;

    public ResultsCommandTests(ServerFixture server)
    {
        _server = server;
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args) =>
        Ivrctl.RunAsync(_directory, null, [.. args, .. _server.AsIntegrator]);

    private static string NewTechnician() => "t-" + Guid.NewGuid().ToString("N")[..12];

    private async Task<HappyCall> CreateAsync(string technician, string serviceType = "repair")
    {
        var now = DateTimeOffset.UtcNow;
        var (call, _) = await _server.HappyCalls.CreateAsync(
            new NewHappyCall("svc-" + Guid.NewGuid().ToString("N")[..12], "c-42", "+989121234567", "Sara Karimi", "en", technician, "Reza Ahmadi",
                serviceType, now.AddHours(-1), "Asia/Tehran", "after-service", now.AddDays(1)),
            CancellationToken.None).WaitAsync(Limit);
        return call;
    }

    private async Task<HappyCall> FinishAsync(HappyCall call, SurveyOutcome outcome, int rating)
    {
        var claim = await _server.HappyCalls.ClaimAttemptAsync(call.Id, 1, "test-instance", CancellationToken.None).WaitAsync(Limit);
        await _server.HappyCalls.AddAnswerAsync(
            call.Id, new SurveyAnswerRecord("quality", "rating", rating, null, "5", CallDigitMethod.Rfc4733, DateTimeOffset.UtcNow, claim!.Attempt),
            rating <= 2, CancellationToken.None).WaitAsync(Limit);
        await _server.HappyCalls.EndAttemptAsync(
            new AttemptEnd(call.Id, 1, outcome == SurveyOutcome.Completed ? AttemptOutcome.Completed : AttemptOutcome.Unfinished, 200, null,
                DateTimeOffset.UtcNow, HappyCallState.Finished, outcome, null), CancellationToken.None).WaitAsync(Limit);
        return (await _server.HappyCalls.GetAsync(call.Id, CancellationToken.None).WaitAsync(Limit))!;
    }

    [Fact]
    public async Task ResultsList_PrintsMatchingResultsNewestFirst_WhenFiltersAreGiven()
    {
        // Arrange
        var technician = NewTechnician();
        var pending = await CreateAsync(technician);
        var happy = await FinishAsync(await CreateAsync(technician), SurveyOutcome.Completed, 5);
        var unhappy = await FinishAsync(await CreateAsync(technician, "installation"), SurveyOutcome.Partial, 1);

        // Act
        var table = await RunAsync("results", "list", "--technician", technician);
        var escalated = await RunAsync("results", "list", "--technician", technician, "--escalated", "--format", "csv");
        var notEscalated = await RunAsync("results", "list", "--technician", technician, "--escalated", "false", "--format", "csv");
        var completed = await RunAsync("results", "list", "--technician", technician, "--outcome", "completed,declined", "--format", "csv");
        var installations = await RunAsync("results", "list", "--technician", technician, "--service-type", "installation", "--format", "csv");
        var json = await RunAsync("results", "list", "--technician", technician, "--all", "--format", "json");
        var firstTwo = await RunAsync("results", "list", "--technician", technician, "--limit", "2", "--format", "csv");

        // Assert
        Assert.Equal((0, ""), (table.ExitCode, table.Error));
        var lines = table.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.StartsWith("RESULT", lines[0], StringComparison.Ordinal);
        Assert.Matches($@"^{unhappy.Id}\s+{unhappy.ServiceId}\s+\S+ \S+Z\s+{technician}\s+installation\s+finished\s+partial\s+1\s+yes\s+quality=1$", lines[1]);
        Assert.Matches($@"^{happy.Id}\s+{happy.ServiceId}\s+.*\s+repair\s+finished\s+completed\s+1\s+no\s+quality=5$", lines[2]);
        Assert.Matches($@"^{pending.Id}\s+{pending.ServiceId}\s+.*\s+repair\s+pending\s+-\s+0\s+no\s+-$", lines[3]);
        Assert.Equal([unhappy.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], Ids(escalated.Output));
        Assert.Equal([happy.Id, pending.Id], Ids(notEscalated.Output).Select(long.Parse));
        Assert.Equal([happy.Id], Ids(completed.Output).Select(long.Parse));
        Assert.Equal([unhappy.Id], Ids(installations.Output).Select(long.Parse));
        Assert.Equal([unhappy.Id, happy.Id], Ids(firstTwo.Output).Select(long.Parse));
        Assert.Equal("RESULT,SERVICE,UPDATED,TECHNICIAN,TYPE,STATE,OUTCOME,ATTEMPTS,ESCALATED,ANSWERS", completed.Output.Split('\n')[0]);
        Assert.Equal((0, ""), (json.ExitCode, json.Error));
        using var document = JsonDocument.Parse(json.Output);
        Assert.Equal(
            [(unhappy.ServiceId, "SURVEY_OUTCOME_PARTIAL"), (happy.ServiceId, "SURVEY_OUTCOME_COMPLETED"), (pending.ServiceId, null)],
            document.RootElement.EnumerateArray().Select(r => (r.GetProperty("serviceId").GetString(), r.TryGetProperty("outcome", out var o) ? o.GetString() : null)));

        static IEnumerable<string> Ids(string csv) => csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(',')[0]);
    }

    [Fact]
    public async Task ResultsList_ExitsTwo_WhenOptionsAreWrong()
    {
        // Act
        var outcome = await RunAsync("results", "list", "--outcome", "happy");
        var both = await RunAsync("results", "list", "--all", "--limit", "5");
        var format = await RunAsync("results", "list", "--format", "xml");

        // Assert
        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("--outcome: 'happy' is not one of", outcome.Error, StringComparison.Ordinal);
        Assert.Equal(2, both.ExitCode);
        Assert.Contains("--all and --limit", both.Error, StringComparison.Ordinal);
        Assert.Equal(2, format.ExitCode);
    }

    [Fact]
    public async Task ResultsFollow_PrintsEachChangeOnceAndResumesFromCursorFile_WhenStoppedAndStartedAgain()
    {
        // Arrange
        var technician = NewTechnician();
        var cursorFile = Path.Combine(_directory, "results.cursor");
        var created = new List<HappyCall>();

        // Act: follow from now, three results appear, SIGTERM.
        int firstExit;
        IReadOnlyList<string> firstLines;
        using (var follow = IvrctlProcess.Start(_directory, ["results", "follow", "--cursor-file", cursorFile, .. _server.AsIntegrator]))
        {
            await WaitForFileAsync(cursorFile);
            for (var i = 0; i < 3; i++)
            {
                created.Add(await CreateAsync(technician));
            }

            firstLines = await follow.WaitForLinesAsync(3, Limit);
            firstExit = await follow.StopAsync("TERM", Limit);
        }

        // While nobody follows: one result finishes (three changes) and one more is created.
        var finished = await FinishAsync(created[0], SurveyOutcome.Completed, 4);
        var late = await CreateAsync(technician);

        // Started again on the same cursor file, as JSON, stopped with SIGINT.
        int secondExit;
        IReadOnlyList<string> secondLines;
        using (var follow = IvrctlProcess.Start(_directory, ["results", "follow", "--cursor-file", cursorFile, "--format", "json", .. _server.AsIntegrator]))
        {
            secondLines = await follow.WaitForLinesAsync(4, Limit);
            await Task.Delay(500);
            secondLines = follow.Lines;
            secondExit = await follow.StopAsync("INT", Limit);
        }

        // Assert
        Assert.Equal((0, 0), (firstExit, secondExit));
        Assert.Equal(3, firstLines.Count);
        for (var i = 0; i < 3; i++)
        {
            Assert.Matches($@"^\S+ \S+Z created result={created[i].Id} service={created[i].ServiceId} state=pending outcome=- attempts=0 escalated=no answers=-$", firstLines[i]);
        }

        var changes = secondLines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(
            [("CHANGE_KIND_UPDATED", finished.Id), ("CHANGE_KIND_UPDATED", finished.Id), ("CHANGE_KIND_UPDATED", finished.Id), ("CHANGE_KIND_CREATED", late.Id)],
            changes.Select(c => (c.GetProperty("kind").GetString(), long.Parse(c.GetProperty("result").GetProperty("resultId").GetString()!, System.Globalization.CultureInfo.InvariantCulture))));
        Assert.Equal(changes[^1].GetProperty("cursor").GetString(), (await File.ReadAllTextAsync(cursorFile)).Trim());
    }

    [Fact]
    public async Task ResultsFollow_RetriesUntilServerIsBackThenPrintsChanges_WhenServerIsAwayAtStart()
    {
        // Arrange: a second API host on the same database will come up on this port only after ivrctl started.
        var port = FreePorts.Next();
        var technician = NewTechnician();
        var cursorFile = Path.Combine(_directory, "away.cursor");
        var start = await CreateAsync(technician);
        var changes = await Sql.ScalarAsync<long>(_server.ConnectionString, "SELECT max(position) FROM survey_result_changes WHERE happy_call_id = $1", start.Id);
        await File.WriteAllTextAsync(cursorFile, CursorOf(changes) + "\n");
        using var follow = IvrctlProcess.Start(_directory, "results", "follow", "--cursor-file", cursorFile,
            "--server", $"http://127.0.0.1:{port}", "--key", ApiTestHost.IntegratorKey);

        // Act
        await follow.WaitForErrorAsync("retrying in 1 s", Limit);
        var missed = await CreateAsync(technician);
        using var timeout = new CancellationTokenSource(Limit);
        var second = await ApiTestHost.StartAsync(_server.ConnectionString, _server.Validation, port, timeout.Token).WaitAsync(Limit);
        int exit;
        IReadOnlyList<string> lines;
        await using (second)
        {
            lines = await follow.WaitForLinesAsync(1, Limit);
            exit = await follow.StopAsync("TERM", Limit);
        }

        // Assert
        Assert.Equal(0, exit);
        Assert.Contains($"ivrctl: lost the server at http://127.0.0.1:{port}", follow.Error, StringComparison.Ordinal);
        Assert.Contains("ivrctl: following again", follow.Error, StringComparison.Ordinal);
        Assert.Matches($"created result={missed.Id} service={missed.ServiceId} ", Assert.Single(lines));
    }

    [Fact]
    public async Task ResultsFollow_ExitsOne_WhenCursorFileHoldsSomethingElse()
    {
        // Arrange
        var cursorFile = Path.Combine(_directory, "bad.cursor");
        await File.WriteAllTextAsync(cursorFile, "not a cursor\n");

        // Act
        var (exitCode, output, error) = await RunAsync("results", "follow", "--cursor-file", cursorFile);

        // Assert
        Assert.Equal((1, ""), (exitCode, output));
        Assert.Contains("INVALID_ARGUMENT", error, StringComparison.Ordinal);
        Assert.Contains("cursor:", error, StringComparison.Ordinal);
    }

    private static async Task WaitForFileAsync(string path)
    {
        using var limit = new CancellationTokenSource(Limit);
        while (!File.Exists(path))
        {
            await Task.Delay(50, limit.Token);
        }
    }

    /// <summary>A cursor as the server makes it (version 1, big-endian position, base64url), to start where a test wants.</summary>
    private static string CursorOf(long position)
    {
        var bytes = new byte[9];
        bytes[0] = 1;
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(1), position);
        return System.Buffers.Text.Base64Url.EncodeToString(bytes);
    }
}
