using System.Globalization;
using System.Text.Json;
using IvrService.Flows;
using IvrService.Storage;
using IvrService.Testing;

namespace IvrService.Cli.Tests;

/// <summary><c>ivrctl report inbound</c> run as a process against a real API host over seeded call records.</summary>
[Collection(ServerCollection.Name)]
public sealed class ReportCommandTests : IDisposable
{
    private static readonly TimeSpan s_tehran = TimeSpan.FromHours(3.5);

    private readonly ServerFixture _server;
    private readonly PromptsFolder _folder = new();

    public ReportCommandTests(ServerFixture server)
    {
        _server = server;
    }

    public void Dispose() => _folder.Dispose();

    private Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args) =>
        Ivrctl.RunAsync(_folder.Root, null, [.. args, .. _server.AsAdmin]);

    /// <summary>
    /// Three calls to a fresh number: 23:59 on 18 Ordibehesht 1405 in Tehran (transferred after key 0, 60 s), 00:01
    /// on the 19th (abandoned after key 1, 30 s) and 10:00 on the 19th (not answered).
    /// </summary>
    private async Task<string> SeedAsync()
    {
        var called = "78" + Random.Shared.Next(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture);
        await CallAsync(called, new DateTimeOffset(2026, 5, 8, 23, 59, 0, s_tehran), "transferred", '0', "operator", 60);
        await CallAsync(called, new DateTimeOffset(2026, 5, 9, 0, 1, 0, s_tehran), "abandoned", '1', "status", 30);
        await CallAsync(called, new DateTimeOffset(2026, 5, 9, 10, 0, 0, s_tehran), null, ' ', "", 0);
        return called;
    }

    private async Task CallAsync(string called, DateTimeOffset at, string? outcome, char key, string target, int talkSeconds)
    {
        var records = _server.Records;
        var callId = Guid.NewGuid().ToString("N") + "@report";
        var id = await records.RecordOfferedAsync(
            new CallOffered(callId, CallDirection.Inbound, "sip:0912@127.0.0.1", $"sip:{called}@127.0.0.1", "0912", called, "127.0.0.1:5062",
                CallTransport.Udp, at, "report-host"),
            CancellationToken.None).WaitAsync(TestTimeouts.Default);
        if (outcome is null)
        {
            await records.RecordEndedAsync(id, at.AddSeconds(5), CallEndReason.Cancelled, 487, CancellationToken.None).WaitAsync(TestTimeouts.Default);
            return;
        }

        await records.RecordAnsweredAsync(id, at.AddSeconds(1), CancellationToken.None).WaitAsync(TestTimeouts.Default);
        var journal = _server.Steps.OpenJournal(callId, id, "report-menu", 1);
        await journal.WriteAsync(new FlowStep(at.AddSeconds(2), "main", FlowStepKind.NodeEntered, "menu"), CancellationToken.None).WaitAsync(TestTimeouts.Default);
        await journal.WriteAsync(new FlowStep(at.AddSeconds(4), "main", FlowStepKind.Digits, key.ToString()), CancellationToken.None).WaitAsync(TestTimeouts.Default);
        await journal.WriteAsync(new FlowStep(at.AddSeconds(5), target, FlowStepKind.NodeEntered, "say"), CancellationToken.None).WaitAsync(TestTimeouts.Default);
        await records.RecordFlowOutcomeAsync(id, new CallFlowSummary("report-menu", 1, outcome, "fa"), CancellationToken.None).WaitAsync(TestTimeouts.Default);
        await records.RecordEndedAsync(id, at.AddSeconds(1 + talkSeconds), CallEndReason.CallerHangup, null, CancellationToken.None).WaitAsync(TestTimeouts.Default);
    }

    [Fact]
    public async Task ReportInbound_PrintsJalaliDaysAndMenuOptions_WhenFormatIsTable()
    {
        // Arrange
        var called = await SeedAsync();

        // Act
        var (exitCode, output, error) = await RunAsync("report", "inbound", "--from", "1405-02-18", "--to", "1405-02-19", "--called", called);

        // Assert
        Assert.Equal((0, ""), (exitCode, error));
        Assert.Equal(
            """
            PERIOD      OFFERED  ANSWERED  ABANDONED  TRANSFERRED  MESSAGES  CALLBACKS  AVG TALK
            1405-02-18  1        1         0          1            0         0          1:00.0
            1405-02-19  2        1         1          0            0         0          0:30.0
            total       3        2         1          1            0         0          0:45.0

            PERIOD      MENU  KEY  OPTION    CALLS  CHOICES
            1405-02-18  main  0    operator  1      1
            1405-02-19  main  1    status    1      1
            total       main  1    status    1      1
            total       main  0    operator  1      1

            """,
            output);
    }

    [Fact]
    public async Task ReportInbound_PrintsWhereEachWeekRowStartsInTheCalendar_WhenPeriodIsWeek()
    {
        // Arrange
        var called = await SeedAsync();

        // Act: 18 Ordibehesht 1405 is a Friday, the 19th a Saturday; in the Gregorian calendar both are in ISO week 19.
        // The first row starts at the range's start, later rows on the week's first day.
        var (jalaliExit, jalali, _) = await RunAsync("report", "inbound", "--from", "1405-02-18", "--to", "1405-02-19", "--period", "week", "--called", called);
        var (gregorianExit, gregorian, _) = await RunAsync(
            "report", "inbound", "--from", "2026-05-08", "--to", "2026-05-09", "--period", "week", "--calendar", "gregorian", "--called", called);

        // Assert
        Assert.Equal((0, 0), (jalaliExit, gregorianExit));
        Assert.Matches(@"^PERIOD +FROM +OFFERED +ANSWERED", jalali);
        Assert.Matches(@"\n1405-W07 +1405-02-18 +1 +1 +0 +1 ", jalali);
        Assert.Matches(@"\n1405-W08 +1405-02-19 +2 +1 +1 +0 ", jalali);
        Assert.Matches(@"\n2026-W19 +2026-05-08 +3 +2 +1 +1 ", gregorian);
    }

    [Fact]
    public async Task ReportInbound_PrintsOneCsvRowPerPeriodWithAColumnPerMenuOption_WhenFormatIsCsv()
    {
        // Arrange
        var called = await SeedAsync();

        // Act
        var (exitCode, output, error) = await RunAsync(
            "report", "inbound", "--from", "1405-02-18", "--to", "1405-02-19", "--called", called, "--format", "csv");

        // Assert
        Assert.Equal((0, ""), (exitCode, error));
        Assert.Equal(
            """
            period,start,end,offered,answered,abandoned_in_ivr,transferred,messages_left,callbacks_requested,average_duration_seconds,report-menu/main/1,report-menu/main/0
            1405-02-18,2026-05-07T20:30:00Z,2026-05-08T20:30:00Z,1,1,0,1,0,0,60,0,1
            1405-02-19,2026-05-08T20:30:00Z,2026-05-09T20:30:00Z,2,1,1,0,0,0,30,1,0
            total,2026-05-07T20:30:00Z,2026-05-09T20:30:00Z,3,2,1,1,0,0,45,1,1

            """,
            output);
    }

    [Fact]
    public async Task ReportInbound_PrintsNumbersAsJsonNumbers_WhenFormatIsJson()
    {
        // Arrange
        var called = await SeedAsync();

        // Act
        var (exitCode, output, error) = await RunAsync(
            "report", "inbound", "--from", "2026-05-08T20:00:00Z", "--to", "2026-05-09T00:00:00Z", "--period", "total", "--called", called, "--format", "json");

        // Assert: 23:59 and 00:01 Tehran are 20:29 and 20:31 UTC; the unanswered call at 06:30 UTC is outside.
        Assert.Equal((0, ""), (exitCode, error));
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal(("total", "jalali", "Asia/Tehran"), (root.GetProperty("period").GetString(), root.GetProperty("calendar").GetString(), root.GetProperty("timeZone").GetString()));
        var total = root.GetProperty("total");
        Assert.Equal(2, total.GetProperty("offered").GetInt64());
        Assert.Equal(2, total.GetProperty("answered").GetInt64());
        Assert.Equal(45.0, total.GetProperty("averageDurationSeconds").GetDouble());
        Assert.Equal(
            [("1", "status", 1L), ("0", "operator", 1L)],
            total.GetProperty("menuOptions").EnumerateArray().Select(o => (o.GetProperty("key").GetString(), o.GetProperty("nodeId").GetString(), o.GetProperty("calls").GetInt64())));
        var row = Assert.Single(root.GetProperty("rows").EnumerateArray());
        Assert.Equal(("total", "2026-05-08T20:00:00Z"), (row.GetProperty("label").GetString(), row.GetProperty("start").GetString()));
    }

    [Fact]
    public async Task ReportInbound_PrintsTheFieldAndExitsOne_WhenServerRefusesTheRange()
    {
        // Act
        var (exitCode, output, error) = await RunAsync("report", "inbound", "--from", "1405-02-19", "--to", "1405-02-10");

        // Assert
        Assert.Equal((1, ""), (exitCode, output));
        Assert.Equal("ivrctl: the server refused the request (INVALID_ARGUMENT):\n  scope.range.end_time: must be after scope.range.start_time\n", error);
    }

    [Theory]
    [InlineData("--period", "year", "year")]
    [InlineData("--format", "xml", "xml")]
    [InlineData("--from", "1405-13-01", "month 13")]
    [InlineData("--from", "2026-05-08", "looks like a Gregorian date")]
    [InlineData("--zone", "Mars/Olympus", "Mars/Olympus")]
    public async Task ReportInbound_ExitsTwo_WhenCommandLineIsWrong(string option, string value, string message)
    {
        // Arrange
        var args = new List<string> { "report", "inbound", "--from", "1405-02-01", "--to", "1405-02-10" };
        var at = args.IndexOf(option);
        if (at >= 0)
        {
            args[at + 1] = value;
        }
        else
        {
            args.AddRange([option, value]);
        }

        // Act
        var (exitCode, output, error) = await RunAsync([.. args]);

        // Assert
        Assert.Equal((2, ""), (exitCode, output));
        Assert.StartsWith("ivrctl: ", error, StringComparison.Ordinal);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReportInbound_ExitsThree_WhenServerCannotBeReached()
    {
        // Arrange
        var port = FreePorts.Next();

        // Act
        var (exitCode, output, error) = await Ivrctl.RunAsync(
            _folder.Root, null, "report", "inbound", "--from", "1405-02-01", "--to", "1405-02-10", "--server", $"http://127.0.0.1:{port}", "--key", ApiTestHost.IntegratorKey);

        // Assert
        Assert.Equal((3, ""), (exitCode, output));
        Assert.StartsWith($"ivrctl: cannot reach the server at http://127.0.0.1:{port}: Unavailable", error, StringComparison.Ordinal);
    }
}
