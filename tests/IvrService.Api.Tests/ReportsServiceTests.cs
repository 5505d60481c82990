extern alias ApiServer;

using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using IvrService.Api.V1;
using IvrService.Testing;

namespace IvrService.Api.Tests;

[Collection(ApiServerCollection.Name)]
public sealed class ReportsServiceTests
{
    private static readonly TimeZoneInfo s_tehran = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tehran");

    private static readonly TimeSpan s_tehranOffset = TimeSpan.FromHours(3.5);

    private readonly ApiServerFixture _server;

    public ReportsServiceTests(ApiServerFixture server)
    {
        _server = server;
    }

    private Reports.ReportsClient Client => new(_server.Channel);

    private static CallOptions Integrator => ApiServerFixture.With(ApiServerFixture.IntegratorKey);

    private static InboundReportRequest Request(
        DateTimeOffset from, DateTimeOffset to, ReportPeriod period, CalendarSystem calendar, string called, string zone = "") => new()
        {
            Scope = new ReportScope
            {
                Range = new TimeRange { StartTime = Timestamp.FromDateTimeOffset(from), EndTime = Timestamp.FromDateTimeOffset(to) },
                Period = period,
                Calendar = calendar,
                TimeZone = zone,
            },
            Called = called,
        };

    [Theory]
    [InlineData(ReportPeriod.Day, CalendarSystem.Jalali)]
    [InlineData(ReportPeriod.Week, CalendarSystem.Jalali)]
    [InlineData(ReportPeriod.Month, CalendarSystem.Jalali)]
    [InlineData(ReportPeriod.Day, CalendarSystem.Gregorian)]
    [InlineData(ReportPeriod.Week, CalendarSystem.Gregorian)]
    [InlineData(ReportPeriod.Month, CalendarSystem.Gregorian)]
    [InlineData(ReportPeriod.Unspecified, CalendarSystem.Unspecified)]
    public async Task GetInboundReport_MatchesCountsComputedFromTheSeededCalls_ForEachPeriodAndCalendar(ReportPeriod period, CalendarSystem calendar)
    {
        // Arrange: from 1 Esfand 1404 to 20 Ordibehesht 1405 in Tehran (Jalali and Gregorian months and years turn
        // over inside), calls at random plus some just around Tehran midnights and just outside the range.
        var called = ReportSeeds.NewCalled();
        var from = new DateTimeOffset(2026, 2, 20, 0, 0, 0, s_tehranOffset);
        var to = new DateTimeOffset(2026, 5, 10, 0, 0, 0, s_tehranOffset);
        var calls = ReportSeeds.RandomCalls(seed: 7 + (int)period * 10 + (int)calendar, count: 70, from, to);
        foreach (var edge in new[] { new DateTimeOffset(2026, 4, 20, 23, 59, 0, s_tehranOffset), new DateTimeOffset(2026, 4, 21, 0, 1, 0, s_tehranOffset) })
        {
            calls.Add(new SeededCall(edge, true, 60, "transferred", false, false, [new SeededChoice("main", '0', "operator")]));
        }

        calls.Add(new SeededCall(from.AddMinutes(-1), true, 30, "abandoned", false, false, []));
        calls.Add(new SeededCall(to, true, 30, "abandoned", false, false, []));
        calls.Add(new SeededCall(from.AddDays(3), true, 30, "completed", false, false, [], Outbound: true));
        await ReportSeeds.SeedAsync(_server, called, calls);
        var periodName = period switch { ReportPeriod.Day => "day", ReportPeriod.Week => "week", ReportPeriod.Month => "month", _ => "total" };
        var calendarName = calendar == CalendarSystem.Gregorian ? "gregorian" : "jalali";
        var expected = ReportExpectation.ByLabel(calls, from, to, periodName, calendarName, s_tehran);

        // Act
        var report = await Client.GetInboundReportAsync(Request(from, to, period, calendar, called), Integrator).ResponseAsync.WaitAsync(TestTimeouts.Default);

        // Assert: the rows tile the range in order with one row per label, and each matches the test's own count.
        Assert.NotEmpty(report.Rows);
        Assert.Equal(from, report.Rows[0].Period.StartTime.ToDateTimeOffset());
        Assert.Equal(to, report.Rows[^1].Period.EndTime.ToDateTimeOffset());
        for (var i = 1; i < report.Rows.Count; i++)
        {
            Assert.Equal(report.Rows[i - 1].Period.EndTime, report.Rows[i].Period.StartTime);
        }

        Assert.Equal(report.Rows.Count, report.Rows.Select(r => r.Period.Label).Distinct().Count());
        Assert.Subset(report.Rows.Select(r => r.Period.Label).ToHashSet(), expected.Keys.ToHashSet());
        foreach (var row in report.Rows)
        {
            AssertRow(expected.GetValueOrDefault(row.Period.Label) ?? ReportExpectation.Figures([]), row);
        }

        AssertRow(ReportExpectation.Figures(calls.Where(c => !c.Outbound && c.OfferedAt >= from && c.OfferedAt < to).ToList()), report.Total);
        Assert.Equal("total", report.Total.Period.Label);
        Assert.True(report.Total is { MenuOptions.Count: > 3, MessagesLeft: > 0, CallbacksRequested: > 0, AbandonedInIvr: > 0, Transferred: > 2 });
        var expectedRows = period switch
        {
            ReportPeriod.Day => 79,
            ReportPeriod.Month => calendar == CalendarSystem.Gregorian ? 4 : 3,
            ReportPeriod.Unspecified => 1,
            _ => report.Rows.Count,
        };
        Assert.Equal(expectedRows, report.Rows.Count);
    }

    [Fact]
    public async Task GetInboundReport_PutsCallsInTheirTehranDay_WhenTheyAreAMinuteEitherSideOfLocalMidnight()
    {
        // Arrange: 23:59 on 31 Farvardin 1405 and 00:01 on 1 Ordibehesht 1405 in Tehran (20 and 21 April 2026), both
        // on 20 April in UTC; 1 Ordibehesht is also the first day of a Jalali month.
        var called = ReportSeeds.NewCalled();
        var before = new DateTimeOffset(2026, 4, 20, 23, 59, 0, s_tehranOffset);
        var after = new DateTimeOffset(2026, 4, 21, 0, 1, 0, s_tehranOffset);
        await ReportSeeds.SeedAsync(_server, called, [
            new SeededCall(before, true, 10, "abandoned", false, false, []),
            new SeededCall(after, true, 20, "transferred", false, false, []),
        ]);
        var from = new DateTimeOffset(2026, 4, 20, 0, 0, 0, s_tehranOffset);
        var to = from.AddDays(2);

        // Act
        var jalaliDays = await Client.GetInboundReportAsync(Request(from, to, ReportPeriod.Day, CalendarSystem.Jalali, called), Integrator)
            .ResponseAsync.WaitAsync(TestTimeouts.Default);
        var jalaliMonths = await Client.GetInboundReportAsync(Request(from, to, ReportPeriod.Month, CalendarSystem.Jalali, called), Integrator)
            .ResponseAsync.WaitAsync(TestTimeouts.Default);
        var utcDays = await Client.GetInboundReportAsync(
                Request(from, to, ReportPeriod.Day, CalendarSystem.Gregorian, called, "UTC"), Integrator)
            .ResponseAsync.WaitAsync(TestTimeouts.Default);

        // Assert
        Assert.Equal(
            [("1405-01-31", 1L, 1L, 0L), ("1405-02-01", 1L, 0L, 1L)],
            jalaliDays.Rows.Select(r => (r.Period.Label, r.Offered, r.AbandonedInIvr, r.Transferred)));
        Assert.Equal(new DateTimeOffset(2026, 4, 20, 20, 30, 0, TimeSpan.Zero), jalaliDays.Rows[1].Period.StartTime.ToDateTimeOffset());
        Assert.Equal([("1405-01", 1L), ("1405-02", 1L)], jalaliMonths.Rows.Select(r => (r.Period.Label, r.Offered)));
        Assert.Equal([("2026-04-19", 0L), ("2026-04-20", 2L), ("2026-04-21", 0L)], utcDays.Rows.Select(r => (r.Period.Label, r.Offered)));
        Assert.Equal(TimeSpan.FromSeconds(15), jalaliDays.Total.AverageDuration.ToTimeSpan());
    }

    [Fact]
    public async Task GetInboundReport_CountsOnlyTheGivenMenuNodesOptions_WhenMenuNodeIdIsGiven()
    {
        // Arrange
        var called = ReportSeeds.NewCalled();
        var at = new DateTimeOffset(2026, 1, 5, 10, 0, 0, s_tehranOffset);
        SeededCall[] calls =
        [
            new(at, true, 40, "completed", false, false, [new("main", '2', "service"), new("service", '1', "new-request")]),
            new(at.AddHours(1), true, 40, "transferred", false, false, [new("main", '0', "operator")]),
            new(at.AddHours(2), true, 40, "completed", false, false, [new("main", '1', "status"), new("main", '1', "status")]),
            new(at.AddHours(3), true, 40, "completed", false, false, [new("main", '2', "service"), new("service", '*', "main"), new("main", '0', "operator")]),
        ];
        await ReportSeeds.SeedAsync(_server, called, calls);
        var request = Request(at.AddDays(-1), at.AddDays(1), ReportPeriod.Day, CalendarSystem.Jalali, called);
        request.MenuNodeId = "main";

        // Act
        var report = await Client.GetInboundReportAsync(request, Integrator).ResponseAsync.WaitAsync(TestTimeouts.Default);

        // Assert: keypad order; a caller who chose 1 twice is one call and two choices; the service menu is left out.
        Assert.Equal(4, report.Total.Offered);
        Assert.Equal(
            [("main", "1", "status", 1L, 2L), ("main", "2", "service", 2L, 2L), ("main", "0", "operator", 2L, 2L)],
            report.Total.MenuOptions.Select(o => (o.MenuNodeId, o.Key, o.NodeId, o.Calls, o.Choices)));
        Assert.All(report.Total.MenuOptions, o => Assert.Equal(ReportSeeds.FlowId, o.FlowId));
        Assert.Equal(report.Total.MenuOptions, Assert.Single(report.Rows, r => r.Offered > 0).MenuOptions);
    }

    [Fact]
    public async Task GetInboundReport_ReturnsEveryPeriodWithZeros_WhenRangeHasNoCalls()
    {
        // Arrange: exactly the longest range by days.
        var called = ReportSeeds.NewCalled();
        var from = new DateTimeOffset(2030, 1, 1, 0, 0, 0, s_tehranOffset);
        var request = Request(from, from.AddDays(ApiServer::IvrService.Api.Internal.ReportsService.MaxDaysByDay), ReportPeriod.Day, CalendarSystem.Gregorian, called);

        // Act
        var report = await Client.GetInboundReportAsync(request, Integrator).ResponseAsync.WaitAsync(TestTimeouts.Default);

        // Assert
        Assert.Equal(400, report.Rows.Count);
        Assert.Equal("2030-01-01", report.Rows[0].Period.Label);
        Assert.All(report.Rows, r => Assert.Equal((0L, 0L, TimeSpan.Zero), (r.Offered, r.Answered, r.AverageDuration.ToTimeSpan())));
        Assert.Equal(0, report.Total.Offered);
        Assert.Empty(report.Total.MenuOptions);
    }

    public static TheoryData<string, string> BadScopes => new()
    {
        { "no scope", "scope" },
        { "no range", "scope.range" },
        { "no start", "scope.range.start_time" },
        { "no end", "scope.range.end_time" },
        { "reversed", "scope.range.end_time" },
        { "401 days by day", "scope.range" },
        { "six years by month", "scope.range" },
        { "unknown zone", "scope.time_zone" },
        { "unknown period", "scope.period" },
        { "unknown calendar", "scope.calendar" },
        { "year 1800", "scope.range.start_time" },
        { "long flow id", "flow_id" },
    };

    [Theory]
    [MemberData(nameof(BadScopes))]
    public async Task GetInboundReport_FailsInvalidArgumentNamingTheField_WhenRequestIsBad(string problem, string field)
    {
        // Arrange
        var from = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var request = Request(from, from.AddDays(30), ReportPeriod.Day, CalendarSystem.Jalali, "");
        switch (problem)
        {
            case "no scope": request.Scope = null; break;
            case "no range": request.Scope.Range = null; break;
            case "no start": request.Scope.Range.StartTime = null; break;
            case "no end": request.Scope.Range.EndTime = null; break;
            case "reversed": request.Scope.Range.EndTime = Timestamp.FromDateTimeOffset(from.AddDays(-1)); break;
            case "401 days by day": request.Scope.Range.EndTime = Timestamp.FromDateTimeOffset(from.AddDays(401)); break;
            case "six years by month":
                request.Scope.Period = ReportPeriod.Month;
                request.Scope.Range.EndTime = Timestamp.FromDateTimeOffset(from.AddYears(6));
                break;
            case "unknown zone": request.Scope.TimeZone = "Mars/Olympus"; break;
            case "unknown period": request.Scope.Period = (ReportPeriod)9; break;
            case "unknown calendar": request.Scope.Calendar = (CalendarSystem)9; break;
            case "year 1800": request.Scope.Range.StartTime = Timestamp.FromDateTimeOffset(new DateTimeOffset(1800, 1, 1, 0, 0, 0, TimeSpan.Zero)); break;
            case "long flow id": request.FlowId = new string('f', 129); break;
            default: throw new ArgumentOutOfRangeException(nameof(problem), problem, null);
        }

        // Act
        var error = await Assert.ThrowsAsync<RpcException>(() => Client.GetInboundReportAsync(request, Integrator).ResponseAsync).WaitAsync(TestTimeouts.Default);

        // Assert
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var violation = Assert.Single(error.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations);
        Assert.Equal(field, violation.Field);
        Assert.NotEmpty(violation.Description);
    }

    [Fact]
    public async Task GetInboundReport_AcceptsFiveYearsByMonth_WhenRangeIsAtTheLimit()
    {
        // Arrange
        var from = new DateTimeOffset(2021, 3, 21, 0, 0, 0, s_tehranOffset);
        var request = Request(from, from.AddDays(ApiServer::IvrService.Api.Internal.ReportsService.MaxDays), ReportPeriod.Month, CalendarSystem.Jalali, ReportSeeds.NewCalled());

        // Act
        var report = await Client.GetInboundReportAsync(request, Integrator).ResponseAsync.WaitAsync(TestTimeouts.Default);

        // Assert: from 1 Farvardin 1400 for five years, the last month cut short.
        Assert.Equal("1400-01", report.Rows[0].Period.Label);
        Assert.Equal(61, report.Rows.Count);
        Assert.Equal("1405-01", report.Rows[^1].Period.Label);
    }

    [Fact]
    public async Task GetInboundReport_FailsUnauthenticated_WhenNoKeyIsSent()
    {
        // Arrange
        var from = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var request = Request(from, from.AddDays(7), ReportPeriod.Day, CalendarSystem.Jalali, "");

        // Act
        var error = await Assert.ThrowsAsync<RpcException>(
            () => Client.GetInboundReportAsync(request, ApiServerFixture.With(null)).ResponseAsync).WaitAsync(TestTimeouts.Default);

        // Assert
        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
    }

    private static void AssertRow(ExpectedFigures expected, InboundReportRow row)
    {
        var label = row.Period.Label;
        Assert.Equal(
            (label, expected.Offered, expected.Answered, expected.Abandoned, expected.Transferred, expected.Messages, expected.Callbacks),
            (label, row.Offered, row.Answered, row.AbandonedInIvr, row.Transferred, row.MessagesLeft, row.CallbacksRequested));
        Assert.InRange((row.AverageDuration.ToTimeSpan() - expected.AverageTalk).Duration(), TimeSpan.Zero, TimeSpan.FromMilliseconds(1));
        Assert.Equal(expected.Options, row.MenuOptions.Select(o => (o.FlowId, o.MenuNodeId, o.Key, o.NodeId, o.Calls, o.Choices)));
    }
}
