using System.Globalization;
using System.Text.Json;
using IvrService.Storage;
using IvrService.Storage.HappyCalls;
using IvrService.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace IvrService.Cli.Tests;

/// <summary>
/// <c>ivrctl report outbound|satisfaction</c>, survey publishing and <c>ivrctl call test</c> run as processes against a
/// real API host, over happy calls written with SQL.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class HappyCallCommandTests : IDisposable
{
    private static readonly TimeSpan s_tehran = TimeSpan.FromHours(3.5);


    private readonly ServerFixture _server;
    private readonly PromptsFolder _folder = new();
    private readonly string _tag = Guid.NewGuid().ToString("N")[..8];

    public HappyCallCommandTests(ServerFixture server)
    {
        _server = server;
    }

    public void Dispose() => _folder.Dispose();

    private Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args) =>
        Ivrctl.RunAsync(_folder.Root, null, [.. args, .. _server.AsAdmin]);

    private string Technician1 => "t1-" + _tag;

    private string Technician2 => "t2-" + _tag;

    private string ServiceType => "repair-" + _tag;

    private string SurveyId => "sv-" + _tag;

    /// <summary>
    /// Three happy calls of one service type and survey, times in Tehran: A (Reza) busy on 18 Ordibehesht 1405 10:00,
    /// completed on the 19th 10:00 with rating 5 and score 10; B (Reza) no answer on the 18th and the 19th at 11:00,
    /// unreached; C (Sara) unfinished on the 19th 12:00 with rating 2, partial and escalated.
    /// </summary>
    private async Task SeedAsync()
    {
        var day1 = new DateTimeOffset(2026, 5, 8, 0, 0, 0, s_tehran);
        var day2 = day1.AddDays(1);
        var dataSource = _server.Services.GetRequiredService<IvrDatabase>().DataSource;
        await SeedCallAsync(dataSource, Technician1, "Reza Ahmadi", "finished", "completed", false,
            [(day1.AddHours(10), "busy"), (day2.AddHours(10), "completed")], [("rating", "rating", 5), ("recommend", "score", 10)]);
        await SeedCallAsync(dataSource, Technician1, "Reza Ahmadi", "unreached", "unreached", false,
            [(day1.AddHours(11), "no_answer"), (day2.AddHours(11), "no_answer")], []);
        await SeedCallAsync(dataSource, Technician2, "Sara Karimi", "finished", "partial", true,
            [(day2.AddHours(12), "unfinished")], [("rating", "rating", 2)]);
    }

    private async Task SeedCallAsync(
        NpgsqlDataSource dataSource, string technicianId, string technicianName, string state, string outcome, bool escalated,
        (DateTimeOffset At, string Outcome)[] attempts, (string Question, string Kind, int Value)[] answers)
    {
        var last = attempts[^1].At.ToUniversalTime();
        await using var insert = dataSource.CreateCommand("""
            INSERT INTO happy_calls (service_id, customer_id, phone, customer_name, language, technician_id, technician_name, service_type,
                completed_at, time_zone, survey_id, due_at, state, outcome, attempts, escalated, created_at, updated_at)
            VALUES ($1, 'c', '+989121112233', '', 'fa', $2, $3, $4, $5, 'Asia/Tehran', $6, $5, $7, $8, $9, $10, $5, $5)
            RETURNING id
            """);
        foreach (var value in new object[] { "s-" + Guid.NewGuid().ToString("N"), technicianId, technicianName, ServiceType, last, SurveyId, state, outcome, attempts.Length, escalated })
        {
            insert.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        var id = (long)(await insert.ExecuteScalarAsync().WaitAsync(TestTimeouts.Default))!;
        for (var i = 0; i < attempts.Length; i++)
        {
            await using var attempt = dataSource.CreateCommand(
                "INSERT INTO happy_call_attempts (happy_call_id, attempt, claimed_at, claimed_by, ended_at, outcome) VALUES ($1, $2, $3, 'seed', $4, $5)");
            foreach (var value in new object[] { id, i + 1, attempts[i].At.ToUniversalTime(), attempts[i].At.ToUniversalTime().AddMinutes(1), attempts[i].Outcome })
            {
                attempt.Parameters.Add(new NpgsqlParameter { Value = value });
            }

            await attempt.ExecuteNonQueryAsync().WaitAsync(TestTimeouts.Default);
        }

        foreach (var (question, kind, value) in answers)
        {
            await using var answer = dataSource.CreateCommand("""
                INSERT INTO survey_answers (happy_call_id, question_id, kind, value, digits, method, answered_at, attempt)
                VALUES ($1, $2, $3, $4, $5, 'rfc4733', $6, $7)
                """);
            foreach (var item in new object[] { id, question, kind, value, value.ToString(CultureInfo.InvariantCulture), last, attempts.Length })
            {
                answer.Parameters.Add(new NpgsqlParameter { Value = item });
            }

            await answer.ExecuteNonQueryAsync().WaitAsync(TestTimeouts.Default);
        }
    }

    [Fact]
    public async Task ReportOutbound_PrintsFiguresOutcomesAndStandingPerJalaliDay_WhenFormatIsTable()
    {
        // Arrange
        await SeedAsync();

        // Act
        var (exitCode, output, error) = await RunAsync("report", "outbound", "--from", "1405-02-18", "--to", "1405-02-19", "--service-type", ServiceType);

        // Assert
        Assert.Equal((0, ""), (exitCode, error));
        Assert.Equal(
            """
            PERIOD      HAPPY CALLS  ATTEMPTS  REACHED  REACH RATE
            1405-02-18  2            2         0        0.0%
            1405-02-19  3            3         2        66.7%
            total       3            5         2        66.7%

            attempt outcomes:
            PERIOD      BUSY  COMPLETED  NO ANSWER  UNFINISHED
            1405-02-18  1     0          1          0
            1405-02-19  0     1          1          1
            total       1     1          2          1

            happy calls now:
            PERIOD      COMPLETED  PARTIAL  UNREACHED
            1405-02-18  1          0        1
            1405-02-19  1          1        1
            total       1          1        1

            """,
            output);
    }

    [Fact]
    public async Task ReportOutbound_WritesOneCsvLinePerPeriodAndTechnician_WhenFormatIsCsv()
    {
        // Arrange
        await SeedAsync();

        // Act
        var (exitCode, output, error) = await RunAsync(
            "report", "outbound", "--from", "1405-02-18", "--to", "1405-02-19", "--period", "total", "--group-by", "technician",
            "--service-type", ServiceType, "--format", "csv");

        // Assert
        Assert.Equal((0, ""), (exitCode, error));
        Assert.Equal(
            "period,start,end,group,group_name,happy_calls,attempts,reached,reach_rate,outcome.busy,outcome.completed,outcome.no_answer,outcome.unfinished,"
            + "result.completed,result.partial,result.unreached\n"
            + $"total,2026-05-07T20:30:00Z,2026-05-09T20:30:00Z,{Technician1},Reza Ahmadi,2,4,1,0.5,1,1,2,0,1,0,1\n"
            + $"total,2026-05-07T20:30:00Z,2026-05-09T20:30:00Z,{Technician2},Sara Karimi,1,1,1,1,0,0,0,1,0,1,0\n"
            + $"total,2026-05-07T20:30:00Z,2026-05-09T20:30:00Z,{Technician1},Reza Ahmadi,2,4,1,0.5,1,1,2,0,1,0,1\n"
            + $"total,2026-05-07T20:30:00Z,2026-05-09T20:30:00Z,{Technician2},Sara Karimi,1,1,1,1,0,0,0,1,0,1,0\n",
            output);
    }

    [Fact]
    public async Task ReportSatisfaction_WritesCsatNpsAndQuestionsPerTechnician_WhenFormatIsCsvOrJson()
    {
        // Arrange
        await SeedAsync();
        string[] args = ["report", "satisfaction", "--from", "1405-02-18", "--to", "1405-02-19", "--group-by", "technician", "--survey", SurveyId];

        // Act
        var csv = await RunAsync([.. args, "--format", "csv"]);
        var json = await RunAsync([.. args, "--format", "json"]);
        var table = await RunAsync(args);

        // Assert: every result became final on the 19th (Tehran), which starts at 20:30 UTC on 8 May.
        Assert.Equal((0, ""), (csv.ExitCode, csv.Error));
        Assert.Equal(
            "period,start,end,group,group_name,surveys,responses,response_rate,csat,nps,escalations,ratings,scores,"
            + "rating.answers,rating.average,recommend.answers,recommend.average\n"
            + $"1405-02-19,2026-05-08T20:30:00Z,2026-05-09T20:30:00Z,{Technician1},Reza Ahmadi,2,1,0.5,100,100,0,1,1,1,5,1,10\n"
            + $"1405-02-19,2026-05-08T20:30:00Z,2026-05-09T20:30:00Z,{Technician2},Sara Karimi,1,1,1,0,0,1,1,0,1,2,0,\n"
            + $"total,2026-05-07T20:30:00Z,2026-05-09T20:30:00Z,{Technician1},Reza Ahmadi,2,1,0.5,100,100,0,1,1,1,5,1,10\n"
            + $"total,2026-05-07T20:30:00Z,2026-05-09T20:30:00Z,{Technician2},Sara Karimi,1,1,1,0,0,1,1,0,1,2,0,\n",
            csv.Output);
        Assert.Equal((0, ""), (json.ExitCode, json.Error));
        using var document = JsonDocument.Parse(json.Output);
        Assert.Equal("technician", document.RootElement.GetProperty("groupBy").GetString());
        var totals = document.RootElement.GetProperty("totals");
        Assert.Equal(2, totals.GetArrayLength());
        Assert.Equal((0.5, 100.0, 100.0), (totals[0].GetProperty("responseRate").GetDouble(), totals[0].GetProperty("csat").GetDouble(), totals[0].GetProperty("nps").GetDouble()));
        Assert.Equal(("Sara Karimi", 1, 2.0), (totals[1].GetProperty("groupName").GetString(), totals[1].GetProperty("escalations").GetInt32(), totals[1].GetProperty("questions")[0].GetProperty("average").GetDouble()));
        Assert.Equal((0, ""), (table.ExitCode, table.Error));
        Assert.Contains($"1405-02-19  {Technician1}  Reza Ahmadi  2        1          50.0%          100.0%  100  0", table.Output, StringComparison.Ordinal);
        Assert.Contains($"total       {Technician2}  Sara Karimi  1        1          100.0%         0.0%    -    1", table.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReportOutbound_PrintsFieldViolationAndExitsOne_WhenGroupingIsGivenWithBadFilter()
    {
        // Act
        var (exitCode, output, error) = await RunAsync(
            "report", "outbound", "--from", "1405-02-18", "--to", "1405-02-19", "--technician", new string('t', 200));

        // Assert
        Assert.Equal((1, ""), (exitCode, output));
        Assert.Equal("ivrctl: the server refused the request (INVALID_ARGUMENT):\n  technician_id: must be at most 128 characters\n", error);
    }

    [Fact]
    public async Task Publish_StoresSurveyAndVersionsAndRollbackTakeKind_WhenFileIsInSurveysFolder()
    {
        // Arrange
        Directory.CreateDirectory(Path.Combine(_folder.Root, "prompts", "surveys"));
        var file = _folder.WriteFile(Path.Combine("prompts", "surveys", SurveyId + ".yaml"), Surveys.WithId(SurveyId));

        // Act
        var first = await RunAsync("publish", file, "--comment", "first");
        var second = await RunAsync("publish", file, "--comment", "second");
        var rollback = await RunAsync("rollback", SurveyId, "1", "--kind", "survey");
        var versions = await RunAsync("versions", SurveyId, "--kind", "survey");
        var asMenu = await RunAsync("versions", SurveyId);
        var menuKind = await RunAsync("publish", file, "--kind", "menu");

        // Assert
        Assert.Equal(0, first.ExitCode);
        Assert.StartsWith($"published survey {SurveyId} version 1 (current) at ", first.Output, StringComparison.Ordinal);
        Assert.StartsWith($"published survey {SurveyId} version 2 (current) at ", second.Output, StringComparison.Ordinal);
        Assert.Equal((0, $"{SurveyId}: version 1 is current (was 2)\n", ""), rollback);
        Assert.Equal(0, versions.ExitCode);
        Assert.Matches(@"\n2 +\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ +ops +sv-\w+\.yaml +second\n1 +\* ", versions.Output);
        Assert.Equal((1, $"ivrctl: the server refused the request (NOT_FOUND): no menu '{SurveyId}' is stored; '{SurveyId}' is a survey\n"), (asMenu.ExitCode, asMenu.Error));
        Assert.Equal(1, menuKind.ExitCode);
        Assert.StartsWith("ivrctl: the server refused the request (INVALID_ARGUMENT):\n  yaml: ", menuKind.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallTest_PrintsTheHappyCallDueNowWithItsJob_WhenSurveyIsPublished()
    {
        // Arrange
        Directory.CreateDirectory(Path.Combine(_folder.Root, "prompts", "surveys"));
        await RunAsync("publish", _folder.WriteFile(Path.Combine("prompts", "surveys", SurveyId + ".yaml"), Surveys.WithId(SurveyId)));
        var number = "0912" + Random.Shared.Next(1_000_000, 9_999_999).ToString(CultureInfo.InvariantCulture);
        var before = DateTimeOffset.UtcNow;

        // Act
        var (exitCode, output, error) = await RunAsync("call", "test", number, "--survey", SurveyId, "--language", "en");

        // Assert
        Assert.Equal((0, ""), (exitCode, error));
        var match = System.Text.RegularExpressions.Regex.Match(
            output, $@"^test call (\d+) to \+98{number[1..]}: survey {SurveyId}, service test-[0-9a-f-]{{36}}, due \d{{4}}-\d\d-\d\d \d\d:\d\d:\d\dZ\n$");
        Assert.True(match.Success, output);
        var call = await _server.Services.GetRequiredService<IHappyCallStore>()
            .GetAsync(long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), CancellationToken.None).WaitAsync(TestTimeouts.Default);
        Assert.NotNull(call);
        Assert.Equal(("test", "en", HappyCallState.Pending), (call.ServiceType, call.Language, call.State));
        Assert.InRange(call.NextAttemptAt!.Value, before.AddSeconds(-1), DateTimeOffset.UtcNow);
        Assert.NotNull(call.JobId);
        var jobState = await Sql.ScalarAsync<string>(
            _server.Services.GetRequiredService<IvrDatabase>().ConnectionString, "SELECT statename FROM hangfire.job WHERE id = $1", long.Parse(call.JobId, CultureInfo.InvariantCulture))
            .WaitAsync(TestTimeouts.Default);
        Assert.Equal("Enqueued", jobState);
    }

    [Fact]
    public async Task CallTest_PrintsTheRefusalAndExitsOne_WhenNumberIsOnTheDoNotCallList()
    {
        // Arrange
        Directory.CreateDirectory(Path.Combine(_folder.Root, "prompts", "surveys"));
        await RunAsync("publish", _folder.WriteFile(Path.Combine("prompts", "surveys", SurveyId + ".yaml"), Surveys.WithId(SurveyId)));
        var number = "+98913" + Random.Shared.Next(1_000_000, 9_999_999).ToString(CultureInfo.InvariantCulture);
        await RunAsync("dnc", "add", number);

        // Act
        var (exitCode, output, error) = await RunAsync("call", "test", number, "--survey", SurveyId);

        // Assert
        Assert.Equal((1, ""), (exitCode, output));
        Assert.Equal($"ivrctl: the server refused the request (INVALID_ARGUMENT):\n  phone: {number} is on the do-not-call list; take it off the list to call it\n", error);
    }
}
