using System.Security.Cryptography;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using IvrService.Api.V1;
using IvrService.Testing;

namespace IvrService.Api.Tests;

/// <summary>
/// Every method of the API given bad and extreme input — page sizes and tokens, NUL characters (which PostgreSQL text
/// refuses), strings of a megabyte, timestamps at and past the proto's limits, enum values the protos do not define,
/// empty and unknown ids, phones with letters or other scripts' digits, time zones that are not IANA names, report
/// ranges backwards or enormous — answers with the status its contract names (INVALID_ARGUMENT naming the field in a
/// google.rpc.BadRequest, or NOT_FOUND), never INTERNAL or UNKNOWN, and logs no error.
/// </summary>
[Collection(ApiServerCollection.Name)]
public sealed class BadInputSweepTests
{
    private const string Nul = "a\u0000b";
    private static readonly string s_megabyte = new('x', 1 << 20);
    private static readonly string s_overMebibyte = new('x', (1 << 20) + 1);
    private static readonly Timestamp s_yearOne = new() { Seconds = -62_135_596_800 };
    private static readonly Timestamp s_year9999 = new() { Seconds = 253_402_300_799, Nanos = 999_999_999 };
    private static readonly Timestamp s_pastMax = new() { Seconds = 253_402_300_800 };
    private static readonly Timestamp s_badNanos = new() { Seconds = 1_750_000_000, Nanos = 1_000_000_000 };
    private static readonly Timestamp s_negativeNanos = new() { Seconds = 1_750_000_000, Nanos = -1 };
    private static readonly Timestamp s_now = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow);
    private static readonly Timestamp s_dayAgo = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(-1));
    private static readonly string s_junkBase64 = Convert.ToBase64String(RandomNumberGenerator.GetBytes(33));
    private static readonly string s_junkBase64Url = Convert.ToBase64String(RandomNumberGenerator.GetBytes(25)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static readonly string s_deepYaml = "id: deep\nnodes: " + new string('[', 200_000) + new string(']', 200_000) + "\n";
    private static readonly Dictionary<string, Case> s_cases = Cases();

    private readonly ApiServerFixture _server;

    public BadInputSweepTests(ApiServerFixture server)
    {
        _server = server;
    }

    public static TheoryData<string> CaseNames => [.. s_cases.Keys];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task Method_FailsWithItsContractedStatusAndLogsNoError_WhenGivenBadInput(string name)
    {
        // Arrange
        var @case = s_cases[name];
        var clients = new Clients(_server);
        var errorsBefore = _server.HostErrors.Entries.Count;

        // Act
        var status = StatusCode.OK;
        BadRequest? badRequest = null;
        try
        {
            await @case.Call(clients).WaitAsync(TestTimeouts.Default);
        }
        catch (RpcException error)
        {
            status = error.StatusCode;
            badRequest = error.GetRpcStatus()?.GetDetail<BadRequest>();
        }

        // Assert
        Assert.Equal(@case.Status, status);
        if (@case.Field is { } field)
        {
            Assert.NotNull(badRequest);
            Assert.Contains(field, badRequest.FieldViolations.Select(v => v.Field));
        }

        AssertNoHostErrorsSince(errorsBefore);
    }

    [Fact]
    public async Task StreamSurveyResults_LeavesTheServerServing_WhenTheClientCancelsMidStream()
    {
        // Arrange
        var clients = new Clients(_server);
        var errorsBefore = _server.HostErrors.Entries.Count;
        using var cancel = new CancellationTokenSource();
        using var call = clients.Surveys.StreamSurveyResults(
            new StreamSurveyResultsRequest { FromBeginning = true }, Admin.WithCancellationToken(cancel.Token));
        await call.ResponseHeadersAsync.WaitAsync(TestTimeouts.Default);

        // Act
        await cancel.CancelAsync();
        var cancelled = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            while (await call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(TestTimeouts.Default))
            {
            }
        });
        var after = await clients.Surveys.ListSurveyResultsAsync(new ListSurveyResultsRequest { PageSize = 1 }, Admin).ResponseAsync
            .WaitAsync(TestTimeouts.Default);

        // Assert
        Assert.Equal(StatusCode.Cancelled, cancelled.StatusCode);
        Assert.NotNull(after);
        await Task.Delay(TimeSpan.FromMilliseconds(200)).WaitAsync(TestTimeouts.Default);
        AssertNoHostErrorsSince(errorsBefore);
    }

    [Fact]
    public async Task RenderPrompts_LeavesTheServerServing_WhenTheClientCancelsMidStream()
    {
        // Arrange
        var clients = new Clients(_server);
        var errorsBefore = _server.HostErrors.Entries.Count;
        using var cancel = new CancellationTokenSource();
        using var call = clients.Admin.RenderPrompts(new RenderPromptsRequest { Language = "en", Force = true }, Admin.WithCancellationToken(cancel.Token));
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(TestTimeouts.Default));

        // Act
        await cancel.CancelAsync();
        var cancelled = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            while (await call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(TestTimeouts.Default))
            {
            }
        });
        var after = await clients.Admin.ListPromptsAsync(new ListPromptsRequest { Language = "en", PageSize = 1 }, Admin).ResponseAsync
            .WaitAsync(TestTimeouts.Default);

        // Assert
        Assert.Equal(StatusCode.Cancelled, cancelled.StatusCode);
        Assert.NotEmpty(after.Prompts);
        await Task.Delay(TimeSpan.FromMilliseconds(200)).WaitAsync(TestTimeouts.Default);
        AssertNoHostErrorsSince(errorsBefore);
    }

    [Fact]
    public async Task UploadPrompt_LeavesTheServerServing_WhenTheClientCancelsMidUpload()
    {
        // Arrange
        var clients = new Clients(_server);
        var errorsBefore = _server.HostErrors.Entries.Count;
        using var cancel = new CancellationTokenSource();
        using var call = clients.Admin.UploadPrompt(Admin.WithCancellationToken(cancel.Token));
        await call.RequestStream.WriteAsync(new UploadPromptRequest { Header = new PromptUploadHeader { Language = "en", Key = "sweep.cancelled" } })
            .WaitAsync(TestTimeouts.Default);
        await call.RequestStream.WriteAsync(new UploadPromptRequest { Chunk = Google.Protobuf.ByteString.CopyFrom(new byte[1000]) })
            .WaitAsync(TestTimeouts.Default);

        // Act
        await cancel.CancelAsync();
        var cancelled = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync.WaitAsync(TestTimeouts.Default));
        var after = await clients.Admin.ListPromptsAsync(new ListPromptsRequest { Language = "en", KeyPrefix = "sweep." }, Admin).ResponseAsync
            .WaitAsync(TestTimeouts.Default);

        // Assert
        Assert.Equal(StatusCode.Cancelled, cancelled.StatusCode);
        Assert.Empty(after.Prompts);
        await Task.Delay(TimeSpan.FromMilliseconds(200)).WaitAsync(TestTimeouts.Default);
        AssertNoHostErrorsSince(errorsBefore);
    }

    [Fact]
    public async Task DownloadRecording_LeavesTheServerServing_WhenTheClientCancelsMidStream()
    {
        // Arrange
        var clients = new Clients(_server);
        var id = await CallSeeds.OfferAsync(_server.Records, CallSeeds.NewCaller(), CallSeeds.Base);
        var path = Path.Combine(_server.FilesDirectory, $"{id}-cancelled.wav");
        TestWav.WriteTone(path, 8000, 440, TimeSpan.FromSeconds(60));
        await _server.Records.SetRecordingPathAsync(id, path, CancellationToken.None).WaitAsync(TestTimeouts.Default);
        var errorsBefore = _server.HostErrors.Entries.Count;
        using var cancel = new CancellationTokenSource();
        using var call = clients.Calls.DownloadRecording(new DownloadRecordingRequest { Id = id }, Admin.WithCancellationToken(cancel.Token));
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(TestTimeouts.Default));

        // Act
        await cancel.CancelAsync();
        var cancelled = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            while (await call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(TestTimeouts.Default))
            {
            }
        });
        var after = await clients.Calls.GetCallAsync(new GetCallRequest { Id = id }, Admin).ResponseAsync.WaitAsync(TestTimeouts.Default);

        // Assert
        Assert.Equal(StatusCode.Cancelled, cancelled.StatusCode);
        Assert.Equal(new FileInfo(path).Length, after.Recording.SizeBytes);
        await Task.Delay(TimeSpan.FromMilliseconds(200)).WaitAsync(TestTimeouts.Default);
        AssertNoHostErrorsSince(errorsBefore);
    }

    private void AssertNoHostErrorsSince(int errorsBefore)
    {
        var errors = _server.HostErrors.Entries.Skip(errorsBefore).ToList();
        Assert.True(errors.Count == 0, "the server logged: " + string.Join(Environment.NewLine, errors));
    }

    private static CallOptions Admin => ApiServerFixture.With(ApiServerFixture.AdminKey);

    private static Dictionary<string, Case> Cases()
    {
        var cases = new Dictionary<string, Case>(StringComparer.Ordinal);

        void Add(string name, Func<Clients, Task> call, StatusCode status, string? field = null) =>
            cases.Add(name, new Case(call, status, field));

        void Invalid(string name, Func<Clients, Task> call, string field) => Add(name, call, StatusCode.InvalidArgument, field);

        // Paged lists: page_size and page_token of each.
        var lists = new (string Method, Func<Clients, int, string, Task> Call)[]
        {
            ("ListCalls", (c, size, token) => c.Calls.ListCallsAsync(new ListCallsRequest { PageSize = size, PageToken = token }, Admin).ResponseAsync),
            ("ListSurveyResults", (c, size, token) => c.Surveys.ListSurveyResultsAsync(new ListSurveyResultsRequest { PageSize = size, PageToken = token }, Admin).ResponseAsync),
            ("ListFlowVersions", (c, size, token) => c.Admin.ListFlowVersionsAsync(new ListFlowVersionsRequest { Kind = FlowKind.Survey, FlowId = "after-service", PageSize = size, PageToken = token }, Admin).ResponseAsync),
            ("ListPrompts", (c, size, token) => c.Admin.ListPromptsAsync(new ListPromptsRequest { PageSize = size, PageToken = token }, Admin).ResponseAsync),
            ("ListDoNotCall", (c, size, token) => c.Admin.ListDoNotCallAsync(new ListDoNotCallRequest { PageSize = size, PageToken = token }, Admin).ResponseAsync),
            ("ListAuditEntries", (c, size, token) => c.Admin.ListAuditEntriesAsync(new ListAuditEntriesRequest { PageSize = size, PageToken = token }, Admin).ResponseAsync),
        };
        foreach (var (method, call) in lists)
        {
            Invalid($"{method} page_size -1", c => call(c, -1, ""), "page_size");
            Invalid($"{method} page_size int.MinValue", c => call(c, int.MinValue, ""), "page_size");
            Invalid($"{method} page_size int.MaxValue", c => call(c, int.MaxValue, ""), "page_size");
            Add($"{method} page_size 0", c => call(c, 0, ""), StatusCode.OK);
            Invalid($"{method} page_token random base64", c => call(c, 0, s_junkBase64), "page_token");
            Invalid($"{method} page_token base64url of junk", c => call(c, 0, s_junkBase64Url), "page_token");
            Invalid($"{method} page_token not base64", c => call(c, 0, "!!not a token!!"), "page_token");
            Invalid($"{method} page_token NUL", c => call(c, 0, Nul), "page_token");
            Invalid($"{method} page_token 1 MB", c => call(c, 0, s_megabyte), "page_token");
            Invalid($"{method} page_token of another method", async c => await call(c, 0, await c.ForeignTokenAsync(method)), "page_token");
        }

        // Calls.
        Invalid("ListCalls direction 999", c => c.Calls.ListCallsAsync(new ListCallsRequest { Direction = (CallDirection)999 }, Admin).ResponseAsync, "direction");
        Invalid("ListCalls end_reasons 999", c => c.Calls.ListCallsAsync(new ListCallsRequest { EndReasons = { (CallEndReason)999 } }, Admin).ResponseAsync, "end_reasons[0]");
        Invalid("ListCalls flow_results -1", c => c.Calls.ListCallsAsync(new ListCallsRequest { FlowResults = { (FlowResult)(-1) } }, Admin).ResponseAsync, "flow_results[0]");
        Invalid("ListCalls end_reasons 100k undefined", c => c.Calls.ListCallsAsync(new ListCallsRequest { EndReasons = { Enumerable.Repeat((CallEndReason)999, 100_000) } }, Admin).ResponseAsync, "end_reasons[0]");
        Add("ListCalls end_reasons 100k defined", c => c.Calls.ListCallsAsync(new ListCallsRequest { EndReasons = { Enumerable.Repeat(CallEndReason.CallerHangup, 100_000) } }, Admin).ResponseAsync, StatusCode.OK);
        Invalid("ListCalls caller NUL", c => c.Calls.ListCallsAsync(new ListCallsRequest { Caller = Nul }, Admin).ResponseAsync, "caller");
        Invalid("ListCalls caller 1 MB", c => c.Calls.ListCallsAsync(new ListCallsRequest { Caller = s_megabyte }, Admin).ResponseAsync, "caller");
        Invalid("ListCalls caller letters", c => c.Calls.ListCallsAsync(new ListCallsRequest { Caller = "alice" }, Admin).ResponseAsync, "caller");
        Invalid("ListCalls caller Persian digits", c => c.Calls.ListCallsAsync(new ListCallsRequest { Caller = "۰۹۱۲۱۲۳۴۵۶۷" }, Admin).ResponseAsync, "caller");
        Add("ListCalls caller E.164", c => c.Calls.ListCallsAsync(new ListCallsRequest { Caller = "+989121234567" }, Admin).ResponseAsync, StatusCode.OK);
        Invalid("ListCalls menu_option NUL", c => c.Calls.ListCallsAsync(new ListCallsRequest { MenuOption = Nul }, Admin).ResponseAsync, "menu_option");
        Invalid("ListCalls menu_option 1 MB", c => c.Calls.ListCallsAsync(new ListCallsRequest { MenuOption = s_megabyte }, Admin).ResponseAsync, "menu_option");
        Add("ListCalls offered year 1 to 9999", c => c.Calls.ListCallsAsync(new ListCallsRequest { Offered = new TimeRange { StartTime = s_yearOne, EndTime = s_year9999 } }, Admin).ResponseAsync, StatusCode.OK);
        Invalid("ListCalls offered past 9999", c => c.Calls.ListCallsAsync(new ListCallsRequest { Offered = new TimeRange { EndTime = s_pastMax } }, Admin).ResponseAsync, "offered.end_time");
        Invalid("ListCalls offered nanos 1e9", c => c.Calls.ListCallsAsync(new ListCallsRequest { Offered = new TimeRange { StartTime = s_badNanos } }, Admin).ResponseAsync, "offered.start_time");
        Invalid("ListCalls offered nanos -1", c => c.Calls.ListCallsAsync(new ListCallsRequest { Offered = new TimeRange { StartTime = s_negativeNanos } }, Admin).ResponseAsync, "offered.start_time");
        Invalid("ListCalls offered end before start", c => c.Calls.ListCallsAsync(new ListCallsRequest { Offered = new TimeRange { StartTime = s_now, EndTime = s_dayAgo } }, Admin).ResponseAsync, "offered.end_time");
        Invalid("ListCalls offered end equals start", c => c.Calls.ListCallsAsync(new ListCallsRequest { Offered = new TimeRange { StartTime = s_now, EndTime = s_now } }, Admin).ResponseAsync, "offered.end_time");
        Invalid("GetCall id 0", c => c.Calls.GetCallAsync(new GetCallRequest(), Admin).ResponseAsync, "id");
        Invalid("GetCall id long.MinValue", c => c.Calls.GetCallAsync(new GetCallRequest { Id = long.MinValue }, Admin).ResponseAsync, "id");
        Add("GetCall id long.MaxValue", c => c.Calls.GetCallAsync(new GetCallRequest { Id = long.MaxValue }, Admin).ResponseAsync, StatusCode.NotFound);
        Invalid("DownloadRecording id -1", c => ReadAllAsync(c.Calls.DownloadRecording(new DownloadRecordingRequest { Id = -1 }, Admin)), "id");
        Add("DownloadRecording id long.MaxValue", c => ReadAllAsync(c.Calls.DownloadRecording(new DownloadRecordingRequest { Id = long.MaxValue }, Admin)), StatusCode.NotFound);

        // Surveys.
        Invalid("GetSurveyResult no id", c => c.Surveys.GetSurveyResultAsync(new GetSurveyResultRequest(), Admin).ResponseAsync, "target");
        Invalid("GetSurveyResult result_id empty", c => c.Surveys.GetSurveyResultAsync(new GetSurveyResultRequest { ResultId = "" }, Admin).ResponseAsync, "result_id");
        Invalid("GetSurveyResult result_id letters", c => c.Surveys.GetSurveyResultAsync(new GetSurveyResultRequest { ResultId = "abc" }, Admin).ResponseAsync, "result_id");
        Invalid("GetSurveyResult result_id NUL", c => c.Surveys.GetSurveyResultAsync(new GetSurveyResultRequest { ResultId = "1\u0000" }, Admin).ResponseAsync, "result_id");
        Invalid("GetSurveyResult result_id over int64", c => c.Surveys.GetSurveyResultAsync(new GetSurveyResultRequest { ResultId = "99999999999999999999" }, Admin).ResponseAsync, "result_id");
        Add("GetSurveyResult result_id unknown", c => c.Surveys.GetSurveyResultAsync(new GetSurveyResultRequest { ResultId = long.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture) }, Admin).ResponseAsync, StatusCode.NotFound);
        Invalid("GetSurveyResult service_id empty", c => c.Surveys.GetSurveyResultAsync(new GetSurveyResultRequest { ServiceId = "" }, Admin).ResponseAsync, "service_id");
        Invalid("GetSurveyResult service_id NUL", c => c.Surveys.GetSurveyResultAsync(new GetSurveyResultRequest { ServiceId = Nul }, Admin).ResponseAsync, "service_id");
        Invalid("GetSurveyResult service_id 1 MB", c => c.Surveys.GetSurveyResultAsync(new GetSurveyResultRequest { ServiceId = s_megabyte }, Admin).ResponseAsync, "service_id");
        Add("GetSurveyResult service_id unknown", c => c.Surveys.GetSurveyResultAsync(new GetSurveyResultRequest { ServiceId = "no-such-service-" + Guid.NewGuid() }, Admin).ResponseAsync, StatusCode.NotFound);
        Invalid("ListSurveyResults outcomes 999", c => c.Surveys.ListSurveyResultsAsync(new ListSurveyResultsRequest { Outcomes = { (SurveyOutcome)999 } }, Admin).ResponseAsync, "outcomes[0]");
        Invalid("ListSurveyResults outcomes 100k undefined", c => c.Surveys.ListSurveyResultsAsync(new ListSurveyResultsRequest { Outcomes = { Enumerable.Repeat((SurveyOutcome)(-7), 100_000) } }, Admin).ResponseAsync, "outcomes[0]");
        Add("ListSurveyResults outcomes 100k defined", c => c.Surveys.ListSurveyResultsAsync(new ListSurveyResultsRequest { Outcomes = { Enumerable.Repeat(SurveyOutcome.Completed, 100_000) } }, Admin).ResponseAsync, StatusCode.OK);
        Invalid("ListSurveyResults technician_id NUL", c => c.Surveys.ListSurveyResultsAsync(new ListSurveyResultsRequest { TechnicianId = Nul }, Admin).ResponseAsync, "technician_id");
        Invalid("ListSurveyResults service_type 1 MB", c => c.Surveys.ListSurveyResultsAsync(new ListSurveyResultsRequest { ServiceType = s_megabyte }, Admin).ResponseAsync, "service_type");
        Invalid("ListSurveyResults service_type NUL", c => c.Surveys.ListSurveyResultsAsync(new ListSurveyResultsRequest { ServiceType = Nul }, Admin).ResponseAsync, "service_type");
        Invalid("ListSurveyResults updated end before start", c => c.Surveys.ListSurveyResultsAsync(new ListSurveyResultsRequest { Updated = new TimeRange { StartTime = s_now, EndTime = s_dayAgo } }, Admin).ResponseAsync, "updated.end_time");
        Invalid("ListSurveyResults updated nanos 1e9", c => c.Surveys.ListSurveyResultsAsync(new ListSurveyResultsRequest { Updated = new TimeRange { EndTime = s_badNanos } }, Admin).ResponseAsync, "updated.end_time");
        Add("ListSurveyResults updated year 1 to 9999", c => c.Surveys.ListSurveyResultsAsync(new ListSurveyResultsRequest { Updated = new TimeRange { StartTime = s_yearOne, EndTime = s_year9999 } }, Admin).ResponseAsync, StatusCode.OK);
        Invalid("StreamSurveyResults cursor junk", c => ReadFirstAsync(c.Surveys.StreamSurveyResults(new StreamSurveyResultsRequest { Cursor = s_junkBase64 }, Admin)), "cursor");
        Invalid("StreamSurveyResults cursor NUL", c => ReadFirstAsync(c.Surveys.StreamSurveyResults(new StreamSurveyResultsRequest { Cursor = Nul }, Admin)), "cursor");
        Invalid("StreamSurveyResults cursor 1 MB", c => ReadFirstAsync(c.Surveys.StreamSurveyResults(new StreamSurveyResultsRequest { Cursor = s_megabyte }, Admin)), "cursor");
        Invalid("StreamSurveyResults cursor page token", async c => await ReadFirstAsync(c.Surveys.StreamSurveyResults(new StreamSurveyResultsRequest { Cursor = await c.ForeignTokenAsync("StreamSurveyResults") }, Admin)), "cursor");
        Invalid("StreamSurveyResults from_beginning with cursor", c => ReadFirstAsync(c.Surveys.StreamSurveyResults(new StreamSurveyResultsRequest { Cursor = "AQAAAAAAAAAA", FromBeginning = true }, Admin)), "from_beginning");
        Invalid("StreamSurveyResults cursor negative position", c => ReadFirstAsync(c.Surveys.StreamSurveyResults(new StreamSurveyResultsRequest { Cursor = "AYAAAAAAAAAA" }, Admin)), "cursor");
        Add("StreamSurveyResults cursor beyond the newest change", c => ReadFirstAsync(c.Surveys.StreamSurveyResults(new StreamSurveyResultsRequest { Cursor = "AX__________" }, Admin)), StatusCode.OutOfRange);

        // Reports.
        var reports = new (string Method, Func<Clients, ReportScope?, Task> Call)[]
        {
            ("GetInboundReport", (c, scope) => c.Reports.GetInboundReportAsync(new InboundReportRequest { Scope = scope }, Admin).ResponseAsync),
            ("GetOutboundReport", (c, scope) => c.Reports.GetOutboundReportAsync(new OutboundReportRequest { Scope = scope }, Admin).ResponseAsync),
            ("GetSatisfactionReport", (c, scope) => c.Reports.GetSatisfactionReportAsync(new SatisfactionReportRequest { Scope = scope }, Admin).ResponseAsync),
        };
        foreach (var (method, call) in reports)
        {
            Invalid($"{method} no scope", c => call(c, null), "scope");
            Invalid($"{method} no range", c => call(c, new ReportScope()), "scope.range");
            Invalid($"{method} end before start", c => call(c, Scope(s_now, s_dayAgo)), "scope.range.end_time");
            Invalid($"{method} end equals start", c => call(c, Scope(s_now, s_now)), "scope.range.end_time");
            Invalid($"{method} year 1 to 9999", c => call(c, Scope(s_yearOne, s_year9999)), "scope.range.start_time");
            Invalid($"{method} past 9999", c => call(c, Scope(s_dayAgo, s_pastMax)), "scope.range.end_time");
            Invalid($"{method} nanos 1e9", c => call(c, Scope(s_badNanos, s_now)), "scope.range.start_time");
            Invalid($"{method} 10 years", c => call(c, Scope(Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddYears(-10)), s_now)), "scope.range");
            Invalid($"{method} 2 years by day", c => call(c, Scope(Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddYears(-2)), s_now, ReportPeriod.Day)), "scope.range");
            Invalid($"{method} period 999", c => call(c, Scope(s_dayAgo, s_now, (ReportPeriod)999)), "scope.period");
            Invalid($"{method} calendar 999", c => call(c, WithCalendar(Scope(s_dayAgo, s_now), (CalendarSystem)999)), "scope.calendar");
            Invalid($"{method} time_zone Mars", c => call(c, WithZone(Scope(s_dayAgo, s_now), "Mars/Olympus_Mons")), "scope.time_zone");
            Invalid($"{method} time_zone offset", c => call(c, WithZone(Scope(s_dayAgo, s_now), "+03:30")), "scope.time_zone");
            Invalid($"{method} time_zone Windows name", c => call(c, WithZone(Scope(s_dayAgo, s_now), "Iran Standard Time")), "scope.time_zone");
            Add($"{method} time_zone Asia/Tehran", c => call(c, WithZone(Scope(s_dayAgo, s_now), "Asia/Tehran")), StatusCode.OK);
            Invalid($"{method} time_zone path", c => call(c, WithZone(Scope(s_dayAgo, s_now), "../../../etc/passwd")), "scope.time_zone");
            Invalid($"{method} time_zone NUL", c => call(c, WithZone(Scope(s_dayAgo, s_now), "Asia/Tehran\u0000")), "scope.time_zone");
            Invalid($"{method} time_zone 1 MB", c => call(c, WithZone(Scope(s_dayAgo, s_now), s_megabyte)), "scope.time_zone");
            Add($"{method} last month before 3000 in Kiritimati", c => call(c, WithZone(Scope(At(2999, 11, 30), At(3000, 1, 1), ReportPeriod.Week), "Pacific/Kiritimati")), StatusCode.OK);
            Add($"{method} first month of 1900 in Adak", c => call(c, WithZone(Scope(At(1900, 1, 1), At(1900, 2, 1), ReportPeriod.Day), "America/Adak")), StatusCode.OK);
            Add($"{method} a year by day in Havana (midnight skipped)", c => call(c, WithCalendar(WithZone(Scope(At(2024, 1, 1), At(2025, 1, 1), ReportPeriod.Day), "America/Havana"), CalendarSystem.Gregorian)), StatusCode.OK);
            Add($"{method} 5 years by month", c => call(c, Scope(Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(-1826)), s_now, ReportPeriod.Month)), StatusCode.OK);
        }

        Invalid("GetInboundReport called NUL", c => c.Reports.GetInboundReportAsync(new InboundReportRequest { Scope = Scope(s_dayAgo, s_now), Called = Nul }, Admin).ResponseAsync, "called");
        Invalid("GetInboundReport flow_id 1 MB", c => c.Reports.GetInboundReportAsync(new InboundReportRequest { Scope = Scope(s_dayAgo, s_now), FlowId = s_megabyte }, Admin).ResponseAsync, "flow_id");
        Invalid("GetInboundReport menu_node_id NUL", c => c.Reports.GetInboundReportAsync(new InboundReportRequest { Scope = Scope(s_dayAgo, s_now), MenuNodeId = Nul }, Admin).ResponseAsync, "menu_node_id");
        Invalid("GetOutboundReport group_by 999", c => c.Reports.GetOutboundReportAsync(new OutboundReportRequest { Scope = Scope(s_dayAgo, s_now), GroupBy = (ReportGrouping)999 }, Admin).ResponseAsync, "group_by");
        Invalid("GetOutboundReport technician_id NUL", c => c.Reports.GetOutboundReportAsync(new OutboundReportRequest { Scope = Scope(s_dayAgo, s_now), TechnicianId = Nul }, Admin).ResponseAsync, "technician_id");
        Invalid("GetOutboundReport service_type 1 MB", c => c.Reports.GetOutboundReportAsync(new OutboundReportRequest { Scope = Scope(s_dayAgo, s_now), ServiceType = s_megabyte }, Admin).ResponseAsync, "service_type");
        Invalid("GetSatisfactionReport group_by -5", c => c.Reports.GetSatisfactionReportAsync(new SatisfactionReportRequest { Scope = Scope(s_dayAgo, s_now), GroupBy = (ReportGrouping)(-5) }, Admin).ResponseAsync, "group_by");
        Invalid("GetSatisfactionReport survey_id NUL", c => c.Reports.GetSatisfactionReportAsync(new SatisfactionReportRequest { Scope = Scope(s_dayAgo, s_now), SurveyId = Nul }, Admin).ResponseAsync, "survey_id");

        // ServiceEvents.
        Invalid("ReportServiceCompleted empty", c => c.ServiceEvents.ReportServiceCompletedAsync(new ReportServiceCompletedRequest(), Admin).ResponseAsync, "service_id");
        foreach (var (field, set) in new (string, Action<ReportServiceCompletedRequest, string>)[]
        {
            ("service_id", (r, v) => r.ServiceId = v),
            ("customer_id", (r, v) => r.CustomerId = v),
            ("phone", (r, v) => r.Phone = v),
            ("customer_name", (r, v) => r.CustomerName = v),
            ("language", (r, v) => r.Language = v),
            ("technician_id", (r, v) => r.TechnicianId = v),
            ("technician_name", (r, v) => r.TechnicianName = v),
            ("service_type", (r, v) => r.ServiceType = v),
            ("time_zone", (r, v) => r.TimeZone = v),
            ("survey_id", (r, v) => r.SurveyId = v),
        })
        {
            Invalid($"ReportServiceCompleted {field} NUL", c => c.ServiceEvents.ReportServiceCompletedAsync(Completion(r => set(r, Nul)), Admin).ResponseAsync, field);
            Invalid($"ReportServiceCompleted {field} 1 MB", c => c.ServiceEvents.ReportServiceCompletedAsync(Completion(r => set(r, s_megabyte)), Admin).ResponseAsync, field);
        }

        Invalid("ReportServiceCompleted phone letters", c => c.ServiceEvents.ReportServiceCompletedAsync(Completion(r => r.Phone = "0912ABC4567"), Admin).ResponseAsync, "phone");
        Invalid("ReportServiceCompleted phone Persian digits", c => c.ServiceEvents.ReportServiceCompletedAsync(Completion(r => r.Phone = "۰۹۱۲۱۲۳۴۵۶۷"), Admin).ResponseAsync, "phone");
        Invalid("ReportServiceCompleted phone fullwidth digits", c => c.ServiceEvents.ReportServiceCompletedAsync(Completion(r => r.Phone = "０９１２１２３４５６７"), Admin).ResponseAsync, "phone");
        Invalid("ReportServiceCompleted time_zone Windows name", c => c.ServiceEvents.ReportServiceCompletedAsync(Completion(r => r.TimeZone = "Iran Standard Time"), Admin).ResponseAsync, "time_zone");
        Invalid("ReportServiceCompleted time_zone path", c => c.ServiceEvents.ReportServiceCompletedAsync(Completion(r => r.TimeZone = "../../../etc/passwd"), Admin).ResponseAsync, "time_zone");
        Invalid("ReportServiceCompleted completed_at year 9999", c => c.ServiceEvents.ReportServiceCompletedAsync(Completion(r => r.CompletedAt = s_year9999), Admin).ResponseAsync, "completed_at");
        Invalid("ReportServiceCompleted completed_at past 9999", c => c.ServiceEvents.ReportServiceCompletedAsync(Completion(r => r.CompletedAt = s_pastMax), Admin).ResponseAsync, "completed_at");
        Invalid("ReportServiceCompleted completed_at nanos -1", c => c.ServiceEvents.ReportServiceCompletedAsync(Completion(r => r.CompletedAt = s_negativeNanos), Admin).ResponseAsync, "completed_at");
        Add("ReportServiceCompleted completed_at year 2", c => c.ServiceEvents.ReportServiceCompletedAsync(Completion(r => r.CompletedAt = new Timestamp { Seconds = s_yearOne.Seconds + (366L * 86_400) }), Admin).ResponseAsync, StatusCode.OK);
        Add("ReportServiceCompleted time_zone Asia/Tehran", c => c.ServiceEvents.ReportServiceCompletedAsync(Completion(r => r.TimeZone = "Asia/Tehran"), Admin).ResponseAsync, StatusCode.OK);
        Invalid("ReportServiceCompleted completed_at year 1", c => c.ServiceEvents.ReportServiceCompletedAsync(Completion(r => r.CompletedAt = s_yearOne), Admin).ResponseAsync, "completed_at");
        Invalid("CancelHappyCall no target", c => c.ServiceEvents.CancelHappyCallAsync(new CancelHappyCallRequest(), Admin).ResponseAsync, "target");
        Invalid("CancelHappyCall service_id empty", c => c.ServiceEvents.CancelHappyCallAsync(new CancelHappyCallRequest { ServiceId = "" }, Admin).ResponseAsync, "service_id");
        Invalid("CancelHappyCall service_id NUL", c => c.ServiceEvents.CancelHappyCallAsync(new CancelHappyCallRequest { ServiceId = Nul }, Admin).ResponseAsync, "service_id");
        Invalid("CancelHappyCall happy_call_id letters", c => c.ServiceEvents.CancelHappyCallAsync(new CancelHappyCallRequest { HappyCallId = "x1" }, Admin).ResponseAsync, "happy_call_id");
        Invalid("CancelHappyCall happy_call_id trailing NUL", c => c.ServiceEvents.CancelHappyCallAsync(new CancelHappyCallRequest { HappyCallId = "1\u0000" }, Admin).ResponseAsync, "happy_call_id");
        Invalid("CancelHappyCall happy_call_id Arabic-Indic digits", c => c.ServiceEvents.CancelHappyCallAsync(new CancelHappyCallRequest { HappyCallId = "١٢" }, Admin).ResponseAsync, "happy_call_id");
        Invalid("CancelHappyCall happy_call_id -1", c => c.ServiceEvents.CancelHappyCallAsync(new CancelHappyCallRequest { HappyCallId = "-1" }, Admin).ResponseAsync, "happy_call_id");
        Invalid("CancelHappyCall reason NUL", c => c.ServiceEvents.CancelHappyCallAsync(new CancelHappyCallRequest { ServiceId = "no-such-service", Reason = Nul }, Admin).ResponseAsync, "reason");
        Invalid("CancelHappyCall reason 1 MB", c => c.ServiceEvents.CancelHappyCallAsync(new CancelHappyCallRequest { ServiceId = "no-such-service", Reason = s_megabyte }, Admin).ResponseAsync, "reason");
        Add("CancelHappyCall service_id unknown", c => c.ServiceEvents.CancelHappyCallAsync(new CancelHappyCallRequest { ServiceId = "no-such-service-" + Guid.NewGuid() }, Admin).ResponseAsync, StatusCode.NotFound);
        Add("CancelHappyCall happy_call_id unknown", c => c.ServiceEvents.CancelHappyCallAsync(new CancelHappyCallRequest { HappyCallId = long.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture) }, Admin).ResponseAsync, StatusCode.NotFound);
        Invalid("UpsertCustomer no customer", c => c.ServiceEvents.UpsertCustomerAsync(new UpsertCustomerRequest(), Admin).ResponseAsync, "customer");
        Invalid("UpsertCustomer customer_id empty", c => c.ServiceEvents.UpsertCustomerAsync(new UpsertCustomerRequest { Customer = new Customer() }, Admin).ResponseAsync, "customer.customer_id");
        Invalid("UpsertCustomer customer_id NUL", c => c.ServiceEvents.UpsertCustomerAsync(new UpsertCustomerRequest { Customer = new Customer { CustomerId = Nul } }, Admin).ResponseAsync, "customer.customer_id");
        Invalid("UpsertCustomer customer_id 1 MB", c => c.ServiceEvents.UpsertCustomerAsync(new UpsertCustomerRequest { Customer = new Customer { CustomerId = s_megabyte } }, Admin).ResponseAsync, "customer.customer_id");
        Invalid("UpsertCustomer name NUL", c => c.ServiceEvents.UpsertCustomerAsync(new UpsertCustomerRequest { Customer = new Customer { CustomerId = "sweep", Name = Nul } }, Admin).ResponseAsync, "customer.name");
        Invalid("UpsertCustomer name 1 MB", c => c.ServiceEvents.UpsertCustomerAsync(new UpsertCustomerRequest { Customer = new Customer { CustomerId = "sweep", Name = s_megabyte } }, Admin).ResponseAsync, "customer.name");
        Invalid("UpsertCustomer phones NUL", c => c.ServiceEvents.UpsertCustomerAsync(new UpsertCustomerRequest { Customer = new Customer { CustomerId = "sweep", Phones = { "0912\u00001234567" } } }, Admin).ResponseAsync, "customer.phones[0]");
        Invalid("UpsertCustomer phones Persian digits", c => c.ServiceEvents.UpsertCustomerAsync(new UpsertCustomerRequest { Customer = new Customer { CustomerId = "sweep", Phones = { "۰۹۱۲۱۲۳۴۵۶۷" } } }, Admin).ResponseAsync, "customer.phones[0]");
        Invalid("UpsertCustomer phones empty", c => c.ServiceEvents.UpsertCustomerAsync(new UpsertCustomerRequest { Customer = new Customer { CustomerId = "sweep", Phones = { "" } } }, Admin).ResponseAsync, "customer.phones[0]");
        Invalid("UpsertCustomer phones 1 MB", c => c.ServiceEvents.UpsertCustomerAsync(new UpsertCustomerRequest { Customer = new Customer { CustomerId = "sweep", Phones = { s_megabyte } } }, Admin).ResponseAsync, "customer.phones[0]");
        Invalid("UpsertCustomer phones 11", c => c.ServiceEvents.UpsertCustomerAsync(new UpsertCustomerRequest { Customer = new Customer { CustomerId = "sweep", Phones = { Enumerable.Range(0, 11).Select(i => "0912123456" + i) } } }, Admin).ResponseAsync, "customer.phones");
        Invalid("UpsertCustomer language NUL", c => c.ServiceEvents.UpsertCustomerAsync(new UpsertCustomerRequest { Customer = new Customer { CustomerId = "sweep", Language = "fa\u0000" } }, Admin).ResponseAsync, "customer.language");
        Invalid("UpsertCustomer time_zone Windows name", c => c.ServiceEvents.UpsertCustomerAsync(new UpsertCustomerRequest { Customer = new Customer { CustomerId = "sweep", TimeZone = "Iran Standard Time" } }, Admin).ResponseAsync, "customer.time_zone");
        Add("UpsertCustomer time_zone UTC", c => c.ServiceEvents.UpsertCustomerAsync(new UpsertCustomerRequest { Customer = new Customer { CustomerId = "sweep-utc", TimeZone = "UTC" } }, Admin).ResponseAsync, StatusCode.OK);
        Invalid("UpsertCustomer time_zone NUL", c => c.ServiceEvents.UpsertCustomerAsync(new UpsertCustomerRequest { Customer = new Customer { CustomerId = "sweep", TimeZone = "Asia/Tehran\u0000" } }, Admin).ResponseAsync, "customer.time_zone");
        Invalid("UpsertServiceRequest no request", c => c.ServiceEvents.UpsertServiceRequestAsync(new UpsertServiceRequestRequest(), Admin).ResponseAsync, "service_request");
        Invalid("UpsertServiceRequest number empty", c => c.ServiceEvents.UpsertServiceRequestAsync(ServiceRequest(r => r.Number = ""), Admin).ResponseAsync, "service_request.number");
        Invalid("UpsertServiceRequest number Persian digits", c => c.ServiceEvents.UpsertServiceRequestAsync(ServiceRequest(r => r.Number = "۱۲۳۴۵"), Admin).ResponseAsync, "service_request.number");
        Invalid("UpsertServiceRequest number NUL", c => c.ServiceEvents.UpsertServiceRequestAsync(ServiceRequest(r => r.Number = "1234\u00005"), Admin).ResponseAsync, "service_request.number");
        Invalid("UpsertServiceRequest status 999", c => c.ServiceEvents.UpsertServiceRequestAsync(ServiceRequest(r => r.Status = (ServiceRequestStatus)999), Admin).ResponseAsync, "service_request.status");
        Invalid("UpsertServiceRequest status unspecified", c => c.ServiceEvents.UpsertServiceRequestAsync(ServiceRequest(r => r.Status = ServiceRequestStatus.Unspecified), Admin).ResponseAsync, "service_request.status");
        Invalid("UpsertServiceRequest status_date year 0", c => c.ServiceEvents.UpsertServiceRequestAsync(ServiceRequest(r => r.StatusDate = new CivilDate { Year = 0, Month = 1, Day = 1 }), Admin).ResponseAsync, "service_request.status_date");
        Invalid("UpsertServiceRequest status_date year 10000", c => c.ServiceEvents.UpsertServiceRequestAsync(ServiceRequest(r => r.StatusDate = new CivilDate { Year = 10000, Month = 1, Day = 1 }), Admin).ResponseAsync, "service_request.status_date");
        Invalid("UpsertServiceRequest status_date Feb 30", c => c.ServiceEvents.UpsertServiceRequestAsync(ServiceRequest(r => r.StatusDate = new CivilDate { Year = 2025, Month = 2, Day = 30 }), Admin).ResponseAsync, "service_request.status_date");
        Invalid("UpsertServiceRequest visit_date int extremes", c => c.ServiceEvents.UpsertServiceRequestAsync(ServiceRequest(r => r.VisitDate = new CivilDate { Year = int.MinValue, Month = int.MaxValue, Day = -1 }), Admin).ResponseAsync, "service_request.visit_date");
        Add("UpsertServiceRequest dates 0001-01-01 and 9999-12-31", c => c.ServiceEvents.UpsertServiceRequestAsync(ServiceRequest(r => { r.StatusDate = new CivilDate { Year = 1, Month = 1, Day = 1 }; r.VisitDate = new CivilDate { Year = 9999, Month = 12, Day = 31 }; }), Admin).ResponseAsync, StatusCode.OK);
        Invalid("UpsertServiceRequest technician_name NUL", c => c.ServiceEvents.UpsertServiceRequestAsync(ServiceRequest(r => r.TechnicianName = Nul), Admin).ResponseAsync, "service_request.technician_name");
        Invalid("UpsertServiceRequest product_code 1 MB", c => c.ServiceEvents.UpsertServiceRequestAsync(ServiceRequest(r => r.ProductCode = s_megabyte), Admin).ResponseAsync, "service_request.product_code");
        Invalid("UpsertServiceRequest customer_phone letters", c => c.ServiceEvents.UpsertServiceRequestAsync(ServiceRequest(r => r.CustomerPhone = "call me"), Admin).ResponseAsync, "service_request.customer_phone");
        Invalid("UpsertServiceRequest customer_id NUL", c => c.ServiceEvents.UpsertServiceRequestAsync(ServiceRequest(r => r.CustomerId = Nul), Admin).ResponseAsync, "service_request.customer_id");

        // Admin: flows.
        Invalid("ListFlows kind unspecified", c => c.Admin.ListFlowsAsync(new ListFlowsRequest(), Admin).ResponseAsync, "kind");
        Invalid("ListFlows kind 999", c => c.Admin.ListFlowsAsync(new ListFlowsRequest { Kind = (FlowKind)999 }, Admin).ResponseAsync, "kind");
        Invalid("GetFlow kind 999", c => c.Admin.GetFlowAsync(new GetFlowRequest { Kind = (FlowKind)999, FlowId = "after-service" }, Admin).ResponseAsync, "kind");
        Invalid("GetFlow flow_id empty", c => c.Admin.GetFlowAsync(new GetFlowRequest { Kind = FlowKind.Survey }, Admin).ResponseAsync, "flow_id");
        Invalid("GetFlow flow_id NUL", c => c.Admin.GetFlowAsync(new GetFlowRequest { Kind = FlowKind.Survey, FlowId = Nul }, Admin).ResponseAsync, "flow_id");
        Invalid("GetFlow flow_id 1 MB", c => c.Admin.GetFlowAsync(new GetFlowRequest { Kind = FlowKind.Survey, FlowId = s_megabyte }, Admin).ResponseAsync, "flow_id");
        Invalid("GetFlow version -1", c => c.Admin.GetFlowAsync(new GetFlowRequest { Kind = FlowKind.Survey, FlowId = "after-service", Version = -1 }, Admin).ResponseAsync, "version");
        Add("GetFlow flow_id unknown", c => c.Admin.GetFlowAsync(new GetFlowRequest { Kind = FlowKind.Survey, FlowId = "no-such-flow" }, Admin).ResponseAsync, StatusCode.NotFound);
        Add("GetFlow version int.MaxValue", c => c.Admin.GetFlowAsync(new GetFlowRequest { Kind = FlowKind.Survey, FlowId = "after-service", Version = int.MaxValue }, Admin).ResponseAsync, StatusCode.NotFound);
        Invalid("ValidateFlow kind 999", c => c.Admin.ValidateFlowAsync(new ValidateFlowRequest { Kind = (FlowKind)999, Yaml = "id: x" }, Admin).ResponseAsync, "kind");
        Invalid("ValidateFlow yaml empty", c => c.Admin.ValidateFlowAsync(new ValidateFlowRequest { Kind = FlowKind.Menu }, Admin).ResponseAsync, "yaml");
        Invalid("ValidateFlow yaml over 1 MiB", c => c.Admin.ValidateFlowAsync(new ValidateFlowRequest { Kind = FlowKind.Menu, Yaml = s_overMebibyte }, Admin).ResponseAsync, "yaml");
        Add("ValidateFlow yaml NUL", c => c.Admin.ValidateFlowAsync(new ValidateFlowRequest { Kind = FlowKind.Menu, Yaml = "id: a\u0000b\n" }, Admin).ResponseAsync, StatusCode.OK);
        Add("ValidateFlow menu yaml nested 200k deep", c => c.Admin.ValidateFlowAsync(new ValidateFlowRequest { Kind = FlowKind.Menu, Yaml = s_deepYaml }, Admin).ResponseAsync, StatusCode.OK);
        Add("ValidateFlow survey yaml nested 200k deep", c => c.Admin.ValidateFlowAsync(new ValidateFlowRequest { Kind = FlowKind.Survey, Yaml = s_deepYaml }, Admin).ResponseAsync, StatusCode.OK);
        Invalid("PublishFlow yaml nested 200k deep", c => c.Admin.PublishFlowAsync(new PublishFlowRequest { Kind = FlowKind.Menu, Yaml = s_deepYaml }, Admin).ResponseAsync, "yaml");
        Add("ValidateFlow menu yaml alias bomb", c => c.Admin.ValidateFlowAsync(new ValidateFlowRequest { Kind = FlowKind.Menu, Yaml = AliasBomb("nodes") }, Admin).ResponseAsync, StatusCode.OK);
        Add("ValidateFlow survey yaml alias bomb", c => c.Admin.ValidateFlowAsync(new ValidateFlowRequest { Kind = FlowKind.Survey, Yaml = AliasBomb("questions") }, Admin).ResponseAsync, StatusCode.OK);
        Invalid("PublishFlow yaml alias bomb", c => c.Admin.PublishFlowAsync(new PublishFlowRequest { Kind = FlowKind.Menu, Yaml = AliasBomb("nodes") }, Admin).ResponseAsync, "yaml");
        Invalid("ValidateFlow source_name NUL", c => c.Admin.ValidateFlowAsync(new ValidateFlowRequest { Kind = FlowKind.Menu, Yaml = "id: x", SourceName = Nul }, Admin).ResponseAsync, "source_name");
        Invalid("PublishFlow kind unspecified", c => c.Admin.PublishFlowAsync(new PublishFlowRequest { Yaml = "id: x" }, Admin).ResponseAsync, "kind");
        Invalid("PublishFlow yaml over 1 MiB", c => c.Admin.PublishFlowAsync(new PublishFlowRequest { Kind = FlowKind.Menu, Yaml = s_overMebibyte }, Admin).ResponseAsync, "yaml");
        Invalid("PublishFlow yaml 1 MB of one scalar", c => c.Admin.PublishFlowAsync(new PublishFlowRequest { Kind = FlowKind.Menu, Yaml = s_megabyte[..1_000_000] }, Admin).ResponseAsync, "yaml");
        Invalid("PublishFlow yaml NUL", c => c.Admin.PublishFlowAsync(new PublishFlowRequest { Kind = FlowKind.Menu, Yaml = "id: a\u0000b\n" }, Admin).ResponseAsync, "yaml");
        Invalid("PublishFlow comment NUL", c => c.Admin.PublishFlowAsync(new PublishFlowRequest { Kind = FlowKind.Menu, Yaml = "id: x", Comment = Nul }, Admin).ResponseAsync, "comment");
        Invalid("PublishFlow comment 1 MB", c => c.Admin.PublishFlowAsync(new PublishFlowRequest { Kind = FlowKind.Menu, Yaml = "id: x", Comment = s_megabyte }, Admin).ResponseAsync, "comment");
        Invalid("PublishFlow source_name NUL", c => c.Admin.PublishFlowAsync(new PublishFlowRequest { Kind = FlowKind.Menu, Yaml = "id: x", SourceName = Nul }, Admin).ResponseAsync, "source_name");
        Invalid("PublishFlow expected_current_version -1", c => c.Admin.PublishFlowAsync(new PublishFlowRequest { Kind = FlowKind.Menu, Yaml = "id: x", ExpectedCurrentVersion = -1 }, Admin).ResponseAsync, "expected_current_version");
        Invalid("RollbackFlow version 0", c => c.Admin.RollbackFlowAsync(new RollbackFlowRequest { Kind = FlowKind.Survey, FlowId = "after-service" }, Admin).ResponseAsync, "version");
        Invalid("RollbackFlow flow_id NUL", c => c.Admin.RollbackFlowAsync(new RollbackFlowRequest { Kind = FlowKind.Survey, FlowId = Nul, Version = 1 }, Admin).ResponseAsync, "flow_id");
        Invalid("RollbackFlow comment NUL", c => c.Admin.RollbackFlowAsync(new RollbackFlowRequest { Kind = FlowKind.Survey, FlowId = "after-service", Version = 1, Comment = Nul }, Admin).ResponseAsync, "comment");
        Invalid("RollbackFlow kind 999", c => c.Admin.RollbackFlowAsync(new RollbackFlowRequest { Kind = (FlowKind)999, FlowId = "after-service", Version = 1 }, Admin).ResponseAsync, "kind");
        Add("RollbackFlow flow_id unknown", c => c.Admin.RollbackFlowAsync(new RollbackFlowRequest { Kind = FlowKind.Survey, FlowId = "no-such-flow", Version = 1 }, Admin).ResponseAsync, StatusCode.NotFound);
        Add("RollbackFlow version int.MaxValue", c => c.Admin.RollbackFlowAsync(new RollbackFlowRequest { Kind = FlowKind.Survey, FlowId = "after-service", Version = int.MaxValue }, Admin).ResponseAsync, StatusCode.NotFound);
        Invalid("ListFlowVersions flow_id empty", c => c.Admin.ListFlowVersionsAsync(new ListFlowVersionsRequest { Kind = FlowKind.Survey }, Admin).ResponseAsync, "flow_id");
        Invalid("ListFlowVersions flow_id NUL", c => c.Admin.ListFlowVersionsAsync(new ListFlowVersionsRequest { Kind = FlowKind.Survey, FlowId = Nul }, Admin).ResponseAsync, "flow_id");
        Invalid("ListFlowVersions kind 999", c => c.Admin.ListFlowVersionsAsync(new ListFlowVersionsRequest { Kind = (FlowKind)999, FlowId = "after-service" }, Admin).ResponseAsync, "kind");
        Add("ListFlowVersions flow_id unknown", c => c.Admin.ListFlowVersionsAsync(new ListFlowVersionsRequest { Kind = FlowKind.Survey, FlowId = "no-such-flow" }, Admin).ResponseAsync, StatusCode.NotFound);

        // Admin: test calls, prompts, do-not-call, keys, audit.
        Invalid("PlaceTestCall phone empty", c => c.Admin.PlaceTestCallAsync(new PlaceTestCallRequest(), Admin).ResponseAsync, "phone");
        Invalid("PlaceTestCall phone NUL", c => c.Admin.PlaceTestCallAsync(new PlaceTestCallRequest { Phone = "0912\u00001234567" }, Admin).ResponseAsync, "phone");
        Invalid("PlaceTestCall phone Persian digits", c => c.Admin.PlaceTestCallAsync(new PlaceTestCallRequest { Phone = "۰۹۱۲۱۲۳۴۵۶۷" }, Admin).ResponseAsync, "phone");
        Invalid("PlaceTestCall phone 1 MB", c => c.Admin.PlaceTestCallAsync(new PlaceTestCallRequest { Phone = s_megabyte }, Admin).ResponseAsync, "phone");
        Invalid("PlaceTestCall survey_id NUL", c => c.Admin.PlaceTestCallAsync(new PlaceTestCallRequest { Phone = "09121234567", SurveyId = Nul }, Admin).ResponseAsync, "survey_id");
        Invalid("PlaceTestCall survey_id unknown", c => c.Admin.PlaceTestCallAsync(new PlaceTestCallRequest { Phone = "09121234567", SurveyId = "no-such-survey" }, Admin).ResponseAsync, "survey_id");
        Invalid("PlaceTestCall language NUL", c => c.Admin.PlaceTestCallAsync(new PlaceTestCallRequest { Phone = "09121234567", Language = "fa\u0000" }, Admin).ResponseAsync, "language");
        Invalid("UploadPrompt no header", c => UploadAsync(c, new UploadPromptRequest { Chunk = Google.Protobuf.ByteString.CopyFrom(new byte[10]) }), "header");
        Invalid("UploadPrompt nothing", c => UploadAsync(c), "header");
        Invalid("UploadPrompt key NUL", c => UploadAsync(c, Header("en", "a\u0000b")), "header.key");
        Invalid("UploadPrompt key 1 MB", c => UploadAsync(c, Header("en", s_megabyte)), "header.key");
        Invalid("UploadPrompt key path", c => UploadAsync(c, Header("en", "../../etc/passwd")), "header.key");
        Invalid("UploadPrompt language NUL", c => UploadAsync(c, Header("en\u0000", "welcome")), "header.language");
        Invalid("UploadPrompt language path", c => UploadAsync(c, Header("../en", "welcome")), "header.language");
        Invalid("UploadPrompt text NUL", c => UploadAsync(c, new UploadPromptRequest { Header = new PromptUploadHeader { Language = "en", Key = "sweep.text", Text = Nul } }, Chunk()), "header.text");
        Invalid("UploadPrompt size_bytes -1", c => UploadAsync(c, new UploadPromptRequest { Header = new PromptUploadHeader { Language = "en", Key = "sweep.size", SizeBytes = -1 } }, Chunk()), "header.size_bytes");
        Add("UploadPrompt size_bytes long.MaxValue", c => UploadAsync(c, new UploadPromptRequest { Header = new PromptUploadHeader { Language = "en", Key = "sweep.size", SizeBytes = long.MaxValue } }, Chunk()), StatusCode.ResourceExhausted);
        Invalid("UploadPrompt not a WAV", c => UploadAsync(c, Header("en", "sweep.junk"), Chunk()), "chunk");
        Invalid("UploadPrompt WAV of no channels and endless data", c => UploadAsync(c, Header("en", "sweep.crafted"), new UploadPromptRequest { Chunk = Google.Protobuf.ByteString.CopyFrom(CraftedWav(channels: 0, rate: 0, bits: 16, dataSize: uint.MaxValue)) }), "chunk");
        Invalid("UploadPrompt WAV of 0 bits at int.MaxValue Hz", c => UploadAsync(c, Header("en", "sweep.crafted"), new UploadPromptRequest { Chunk = Google.Protobuf.ByteString.CopyFrom(CraftedWav(channels: 1, rate: int.MaxValue, bits: 0, dataSize: 8)) }), "chunk");
        Invalid("UploadPrompt WAV of 65535 channels", c => UploadAsync(c, Header("en", "sweep.crafted"), new UploadPromptRequest { Chunk = Google.Protobuf.ByteString.CopyFrom(CraftedWav(channels: 65535, rate: 8000, bits: 16, dataSize: 0)) }), "chunk");
        Invalid("UploadPrompt second header", c => UploadAsync(c, Header("en", "sweep.twice"), Header("en", "sweep.twice")), "header");
        Invalid("ListPrompts language NUL", c => c.Admin.ListPromptsAsync(new ListPromptsRequest { Language = "en\u0000" }, Admin).ResponseAsync, "language");
        Invalid("ListPrompts language 1 MB", c => c.Admin.ListPromptsAsync(new ListPromptsRequest { Language = s_megabyte }, Admin).ResponseAsync, "language");
        Invalid("ListPrompts key_prefix NUL", c => c.Admin.ListPromptsAsync(new ListPromptsRequest { KeyPrefix = Nul }, Admin).ResponseAsync, "key_prefix");
        Invalid("ListPrompts key_prefix 1 MB", c => c.Admin.ListPromptsAsync(new ListPromptsRequest { KeyPrefix = s_megabyte }, Admin).ResponseAsync, "key_prefix");
        Invalid("RenderPrompts language empty", c => ReadAllAsync(c.Admin.RenderPrompts(new RenderPromptsRequest(), Admin)), "language");
        Invalid("RenderPrompts language NUL", c => ReadAllAsync(c.Admin.RenderPrompts(new RenderPromptsRequest { Language = "en\u0000" }, Admin)), "language");
        Invalid("RenderPrompts keys NUL", c => ReadAllAsync(c.Admin.RenderPrompts(new RenderPromptsRequest { Language = "en", Keys = { Nul } }, Admin)), "keys[0]");
        Invalid("RenderPrompts keys unknown", c => ReadAllAsync(c.Admin.RenderPrompts(new RenderPromptsRequest { Language = "en", Keys = { "no.such.prompt" } }, Admin)), "keys[0]");
        Invalid("RenderPrompts keys 1 MB", c => ReadAllAsync(c.Admin.RenderPrompts(new RenderPromptsRequest { Language = "en", Keys = { s_megabyte } }, Admin)), "keys[0]");
        Invalid("AddDoNotCall phone empty", c => c.Admin.AddDoNotCallAsync(new AddDoNotCallRequest(), Admin).ResponseAsync, "phone");
        Invalid("AddDoNotCall phone NUL", c => c.Admin.AddDoNotCallAsync(new AddDoNotCallRequest { Phone = "0912\u00001234567" }, Admin).ResponseAsync, "phone");
        Invalid("AddDoNotCall phone letters", c => c.Admin.AddDoNotCallAsync(new AddDoNotCallRequest { Phone = "+98912ABCDEFG" }, Admin).ResponseAsync, "phone");
        Invalid("AddDoNotCall phone Persian digits", c => c.Admin.AddDoNotCallAsync(new AddDoNotCallRequest { Phone = "۰۹۱۲۱۲۳۴۵۶۷" }, Admin).ResponseAsync, "phone");
        Invalid("AddDoNotCall phone 1 MB", c => c.Admin.AddDoNotCallAsync(new AddDoNotCallRequest { Phone = s_megabyte }, Admin).ResponseAsync, "phone");
        Invalid("AddDoNotCall reason NUL", c => c.Admin.AddDoNotCallAsync(new AddDoNotCallRequest { Phone = "09121234567", Reason = Nul }, Admin).ResponseAsync, "reason");
        Invalid("AddDoNotCall reason 1 MB", c => c.Admin.AddDoNotCallAsync(new AddDoNotCallRequest { Phone = "09121234567", Reason = s_megabyte }, Admin).ResponseAsync, "reason");
        Invalid("RemoveDoNotCall phone empty", c => c.Admin.RemoveDoNotCallAsync(new RemoveDoNotCallRequest(), Admin).ResponseAsync, "phone");
        Invalid("RemoveDoNotCall phone NUL", c => c.Admin.RemoveDoNotCallAsync(new RemoveDoNotCallRequest { Phone = "0912\u00001234567" }, Admin).ResponseAsync, "phone");
        Invalid("RemoveDoNotCall phone Persian digits", c => c.Admin.RemoveDoNotCallAsync(new RemoveDoNotCallRequest { Phone = "۰۹۱۲۱۲۳۴۵۶۷" }, Admin).ResponseAsync, "phone");
        Add("RemoveDoNotCall phone not listed", c => c.Admin.RemoveDoNotCallAsync(new RemoveDoNotCallRequest { Phone = "+15550000000" }, Admin).ResponseAsync, StatusCode.NotFound);
        Invalid("ListDoNotCall phone_prefix NUL", c => c.Admin.ListDoNotCallAsync(new ListDoNotCallRequest { PhonePrefix = "+98\u0000" }, Admin).ResponseAsync, "phone_prefix");
        Invalid("ListDoNotCall phone_prefix 1 MB", c => c.Admin.ListDoNotCallAsync(new ListDoNotCallRequest { PhonePrefix = s_megabyte }, Admin).ResponseAsync, "phone_prefix");
        Invalid("ListDoNotCall phone_prefix Persian digits", c => c.Admin.ListDoNotCallAsync(new ListDoNotCallRequest { PhonePrefix = "+۹۸" }, Admin).ResponseAsync, "phone_prefix");
        Invalid("CreateApiKey name empty", c => c.Admin.CreateApiKeyAsync(new CreateApiKeyRequest { Scope = ApiKeyScope.Integrator }, Admin).ResponseAsync, "name");
        Invalid("CreateApiKey name NUL", c => c.Admin.CreateApiKeyAsync(new CreateApiKeyRequest { Name = Nul, Scope = ApiKeyScope.Integrator }, Admin).ResponseAsync, "name");
        Invalid("CreateApiKey name 1 MB", c => c.Admin.CreateApiKeyAsync(new CreateApiKeyRequest { Name = s_megabyte, Scope = ApiKeyScope.Integrator }, Admin).ResponseAsync, "name");
        Invalid("CreateApiKey scope 999", c => c.Admin.CreateApiKeyAsync(new CreateApiKeyRequest { Name = "sweep-key", Scope = (ApiKeyScope)999 }, Admin).ResponseAsync, "scope");
        Invalid("RevokeApiKey name empty", c => c.Admin.RevokeApiKeyAsync(new RevokeApiKeyRequest(), Admin).ResponseAsync, "name");
        Invalid("RevokeApiKey name NUL", c => c.Admin.RevokeApiKeyAsync(new RevokeApiKeyRequest { Name = Nul }, Admin).ResponseAsync, "name");
        Invalid("RevokeApiKey name 1 MB", c => c.Admin.RevokeApiKeyAsync(new RevokeApiKeyRequest { Name = s_megabyte }, Admin).ResponseAsync, "name");
        Add("RevokeApiKey name unknown", c => c.Admin.RevokeApiKeyAsync(new RevokeApiKeyRequest { Name = "no-such-key" }, Admin).ResponseAsync, StatusCode.NotFound);
        Add("ListApiKeys", c => c.Admin.ListApiKeysAsync(new ListApiKeysRequest(), Admin).ResponseAsync, StatusCode.OK);
        Invalid("ListAuditEntries actor NUL", c => c.Admin.ListAuditEntriesAsync(new ListAuditEntriesRequest { Actor = Nul }, Admin).ResponseAsync, "actor");
        Invalid("ListAuditEntries action 1 MB", c => c.Admin.ListAuditEntriesAsync(new ListAuditEntriesRequest { Action = s_megabyte }, Admin).ResponseAsync, "action");
        Invalid("ListAuditEntries target NUL", c => c.Admin.ListAuditEntriesAsync(new ListAuditEntriesRequest { Target = Nul }, Admin).ResponseAsync, "target");
        Invalid("ListAuditEntries changed end before start", c => c.Admin.ListAuditEntriesAsync(new ListAuditEntriesRequest { Changed = new TimeRange { StartTime = s_now, EndTime = s_dayAgo } }, Admin).ResponseAsync, "changed.end_time");
        Invalid("ListAuditEntries changed past 9999", c => c.Admin.ListAuditEntriesAsync(new ListAuditEntriesRequest { Changed = new TimeRange { StartTime = s_pastMax } }, Admin).ResponseAsync, "changed.start_time");
        Add("ListAuditEntries changed year 1 to 9999", c => c.Admin.ListAuditEntriesAsync(new ListAuditEntriesRequest { Changed = new TimeRange { StartTime = s_yearOne, EndTime = s_year9999 } }, Admin).ResponseAsync, StatusCode.OK);
        return cases;
    }

    /// <summary>A definition whose aliases repeat one node 10^9 times if every use is followed (the "billion laughs").</summary>
    private static string AliasBomb(string field)
    {
        var yaml = new System.Text.StringBuilder("id: bomb\nl0: &l0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (var i = 1; i <= 9; i++)
        {
            yaml.Append(System.Globalization.CultureInfo.InvariantCulture, $"l{i}: &l{i} [");
            yaml.AppendJoin(", ", Enumerable.Repeat($"*l{i - 1}", 10));
            yaml.Append("]\n");
        }

        return yaml.Append(field).Append(": *l9\n").ToString();
    }

    private static Timestamp At(int year, int month, int day) => Timestamp.FromDateTimeOffset(new DateTimeOffset(year, month, day, 0, 0, 0, TimeSpan.Zero));

    /// <summary>A RIFF/WAVE header with the given format fields and data size, followed by 64 bytes of audio.</summary>
    private static byte[] CraftedWav(ushort channels, int rate, ushort bits, uint dataSize)
    {
        var bytes = new byte[44 + 64];
        "RIFF"u8.CopyTo(bytes);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), uint.MaxValue);
        "WAVEfmt "u8.CopyTo(bytes.AsSpan(8));
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(16), 16);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(20), 1);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(22), channels);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(24), rate);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(28), rate * channels * bits / 8);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(32), (ushort)(channels * bits / 8));
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(34), bits);
        "data"u8.CopyTo(bytes.AsSpan(36));
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(40), dataSize);
        return bytes;
    }

    private static ReportScope Scope(Timestamp start, Timestamp end, ReportPeriod period = ReportPeriod.Unspecified) =>
        new() { Range = new TimeRange { StartTime = start, EndTime = end }, Period = period, TimeZone = "UTC" };

    private static ReportScope WithZone(ReportScope scope, string zone)
    {
        scope.TimeZone = zone;
        return scope;
    }

    private static ReportScope WithCalendar(ReportScope scope, CalendarSystem calendar)
    {
        scope.Calendar = calendar;
        return scope;
    }

    /// <summary>A valid completion (a new service, completed an hour ago) with one field changed.</summary>
    private static ReportServiceCompletedRequest Completion(Action<ReportServiceCompletedRequest> change)
    {
        var request = new ReportServiceCompletedRequest
        {
            ServiceId = "sweep-" + Guid.NewGuid().ToString("N"),
            CustomerId = "sweep-customer",
            Phone = "09121234567",
            CompletedAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddHours(-1)),
        };
        change(request);
        return request;
    }

    /// <summary>A valid service request with one field changed.</summary>
    private static UpsertServiceRequestRequest ServiceRequest(Action<V1.ServiceRequest> change)
    {
        var request = new V1.ServiceRequest
        {
            Number = "98765",
            Status = ServiceRequestStatus.Registered,
            StatusDate = new CivilDate { Year = 2025, Month = 6, Day = 1 },
        };
        change(request);
        return new UpsertServiceRequestRequest { ServiceRequest = request };
    }

    private static UploadPromptRequest Header(string language, string key) =>
        new() { Header = new PromptUploadHeader { Language = language, Key = key } };

    private static UploadPromptRequest Chunk() => new() { Chunk = Google.Protobuf.ByteString.CopyFrom(new byte[100]) };

    private static async Task UploadAsync(Clients clients, params UploadPromptRequest[] messages)
    {
        using var call = clients.Admin.UploadPrompt(Admin);
        try
        {
            foreach (var message in messages)
            {
                await call.RequestStream.WriteAsync(message).WaitAsync(TestTimeouts.Default);
            }

            await call.RequestStream.CompleteAsync().WaitAsync(TestTimeouts.Default);
        }
        catch (RpcException)
        {
            // The server answered before the upload was written: its status is in ResponseAsync.
        }
        catch (InvalidOperationException)
        {
            // Likewise: the call is complete, so the stream takes no more messages.
        }

        await call.ResponseAsync.WaitAsync(TestTimeouts.Default);
    }

    private static async Task ReadAllAsync<T>(AsyncServerStreamingCall<T> call)
    {
        using (call)
        {
            while (await call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(TestTimeouts.Default))
            {
            }
        }
    }

    /// <summary>Reads a following stream's first message: a stream refused at open fails here; an accepted one would wait.</summary>
    private static async Task ReadFirstAsync<T>(AsyncServerStreamingCall<T> call)
    {
        using (call)
        {
            await call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(TestTimeouts.Default);
        }
    }

    private sealed record Case(Func<Clients, Task> Call, StatusCode Status, string? Field);

    private sealed class Clients(ApiServerFixture server)
    {
        public Calls.CallsClient Calls { get; } = new(server.Channel);

        public Surveys.SurveysClient Surveys { get; } = new(server.Channel);

        public Reports.ReportsClient Reports { get; } = new(server.Channel);

        public ServiceEvents.ServiceEventsClient ServiceEvents { get; } = new(server.Channel);

        public V1.Admin.AdminClient Admin { get; } = new(server.Channel);

        /// <summary>A real page token of a list other than <paramref name="method"/>: ListPrompts', or for it ListCalls'.</summary>
        public async Task<string> ForeignTokenAsync(string method)
        {
            if (method != "ListPrompts")
            {
                var prompts = await Admin.ListPromptsAsync(new ListPromptsRequest { PageSize = 1 }, BadInputSweepTests.Admin).ResponseAsync
                    .WaitAsync(TestTimeouts.Default);
                Assert.NotEqual("", prompts.NextPageToken);
                return prompts.NextPageToken;
            }

            var caller = CallSeeds.NewCaller();
            await CallSeeds.OfferAsync(server.Records, caller, CallSeeds.Base);
            await CallSeeds.OfferAsync(server.Records, caller, CallSeeds.Base.AddMinutes(1));
            var calls = await Calls.ListCallsAsync(new ListCallsRequest { Caller = caller, PageSize = 1 }, BadInputSweepTests.Admin).ResponseAsync
                .WaitAsync(TestTimeouts.Default);
            Assert.NotEqual("", calls.NextPageToken);
            return calls.NextPageToken;
        }
    }
}
