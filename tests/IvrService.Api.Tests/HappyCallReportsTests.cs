using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using IvrService.Api.V1;
using IvrService.Testing;

namespace IvrService.Api.Tests;

/// <summary>The outbound and satisfaction reports over happy calls seeded with SQL, checked against the test's own counts.</summary>
[Collection(ApiServerCollection.Name)]
public sealed class HappyCallReportsTests
{
    private static readonly TimeZoneInfo s_tehran = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tehran");

    private static readonly TimeSpan s_tehranOffset = TimeSpan.FromHours(3.5);

    /// <summary>1 Esfand 1404 to 20 Ordibehesht 1405 in Tehran: Jalali and Gregorian months and years turn over inside.</summary>
    private static readonly DateTimeOffset s_from = new(2026, 2, 20, 0, 0, 0, s_tehranOffset);

    private static readonly DateTimeOffset s_to = new(2026, 5, 10, 0, 0, 0, s_tehranOffset);

    private readonly ApiServerFixture _server;

    public HappyCallReportsTests(ApiServerFixture server)
    {
        _server = server;
    }

    private Reports.ReportsClient Client => new(_server.Channel);

    private static CallOptions Integrator => ApiServerFixture.With(ApiServerFixture.IntegratorKey);

    private static ReportScope Scope(DateTimeOffset from, DateTimeOffset to, ReportPeriod period, CalendarSystem calendar) => new()
    {
        Range = new TimeRange { StartTime = Timestamp.FromDateTimeOffset(from), EndTime = Timestamp.FromDateTimeOffset(to) },
        Period = period,
        Calendar = calendar,
    };

    private static string PeriodName(ReportPeriod period) =>
        period switch { ReportPeriod.Day => "day", ReportPeriod.Week => "week", ReportPeriod.Month => "month", _ => "total" };

    private static string GroupName(ReportGrouping grouping) =>
        grouping switch { ReportGrouping.Technician => "technician", ReportGrouping.ServiceType => "service_type", _ => "" };

    /// <summary>Fresh technicians, service types and surveys for one test, so its filters see only its own happy calls.</summary>
    private static ((string Id, string Name)[] Technicians, string[] ServiceTypes, string[] Surveys) NewNames()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        return ([("t1-" + tag, "Reza Ahmadi"), ("t2-" + tag, "Sara Karimi"), ("t3-" + tag, "Ali Rezaei")], ["repair-" + tag, "install-" + tag], ["sv1-" + tag, "sv2-" + tag]);
    }

    /// <summary>Random happy calls over the range, and a few around its bounds.</summary>
    private static List<SeededHappyCall> Calls(int seed, (string Id, string Name)[] technicians, string[] serviceTypes, string[] surveys)
    {
        var calls = HappyCallSeeds.Random(seed, 90, s_from, s_to, technicians, serviceTypes, surveys);
        calls.AddRange(HappyCallSeeds.Random(seed + 1, 4, s_from.AddDays(-2), s_from, technicians, serviceTypes, surveys));
        calls.AddRange(HappyCallSeeds.Random(seed + 2, 4, s_to.AddHours(-1), s_to.AddHours(1), technicians, serviceTypes, surveys));
        return calls;
    }

    [Theory]
    [InlineData(ReportPeriod.Day, CalendarSystem.Jalali, ReportGrouping.Unspecified)]
    [InlineData(ReportPeriod.Week, CalendarSystem.Jalali, ReportGrouping.Technician)]
    [InlineData(ReportPeriod.Month, CalendarSystem.Jalali, ReportGrouping.ServiceType)]
    [InlineData(ReportPeriod.Week, CalendarSystem.Gregorian, ReportGrouping.Unspecified)]
    [InlineData(ReportPeriod.Month, CalendarSystem.Gregorian, ReportGrouping.Technician)]
    [InlineData(ReportPeriod.Unspecified, CalendarSystem.Unspecified, ReportGrouping.ServiceType)]
    public async Task GetOutboundReport_MatchesCountsComputedFromTheSeededCalls_ForEachPeriodCalendarAndGrouping(
        ReportPeriod period, CalendarSystem calendar, ReportGrouping grouping)
    {
        // Arrange: grouped by service type the report is filtered by one technician, else by one service type.
        var (technicians, serviceTypes, surveys) = NewNames();
        var calls = Calls(100 + ((int)period * 10) + (int)grouping, technicians, serviceTypes, surveys);
        await HappyCallSeeds.SeedAsync(_server, calls);
        var request = new OutboundReportRequest { Scope = Scope(s_from, s_to, period, calendar), GroupBy = grouping };
        IEnumerable<SeededHappyCall> counted;
        if (grouping == ReportGrouping.ServiceType)
        {
            request.TechnicianId = technicians[0].Id;
            counted = calls.Where(c => c.TechnicianId == technicians[0].Id);
        }
        else
        {
            request.ServiceType = serviceTypes[0];
            counted = calls.Where(c => c.ServiceType == serviceTypes[0]);
        }

        var calendarName = calendar == CalendarSystem.Gregorian ? "gregorian" : "jalali";
        var expected = HappyCallReportExpectation.Outbound(counted, s_from, s_to, PeriodName(period), calendarName, s_tehran, GroupName(grouping));
        var expectedTotals = HappyCallReportExpectation.Outbound(counted, s_from, s_to, "total", calendarName, s_tehran, GroupName(grouping));

        // Act
        var report = await Client.GetOutboundReportAsync(request, Integrator).ResponseAsync.WaitAsync(TestTimeouts.Default);

        // Assert
        AssertRowKeys(grouping, expected.Keys, report.Rows.Select(r => (r.Period.Label, r.Group.Key)).ToList());
        foreach (var row in report.Rows.Concat(report.Totals))
        {
            var figures = (row.Period.Label == "total" ? expectedTotals : expected).GetValueOrDefault((row.Period.Label, row.Group.Key))
                ?? new ExpectedOutbound(0, 0, 0, new Dictionary<string, long>(), new Dictionary<string, long>());
            Assert.Equal((figures.HappyCalls, figures.Attempts, figures.Reached), (row.HappyCalls, row.Attempts, row.Reached));
            Assert.Equal(figures.HappyCalls == 0 ? 0 : (double)figures.Reached / figures.HappyCalls, row.ReachRate, 9);
            Assert.Equal(figures.Outcomes.OrderBy(o => o.Key, StringComparer.Ordinal).ToList(), row.Outcomes.Select(o => KeyValuePair.Create(o.Outcome, o.Attempts)).ToList());
            Assert.Equal(figures.Results.OrderBy(o => o.Key, StringComparer.Ordinal).ToList(), row.Results.Select(o => KeyValuePair.Create(o.Result, o.HappyCalls)).ToList());
            AssertGroupName(grouping, technicians, row.Group);
        }

        Assert.Equal(expectedTotals.Keys.Select(k => k.Key).Order(StringComparer.Ordinal), report.Totals.Select(t => t.Group.Key));
        Assert.True(report.Totals.Sum(t => t.Attempts) > 20, "the seeded range has attempts");
        Assert.Contains(report.Totals.SelectMany(t => t.Outcomes), o => o.Outcome == "in_progress");
    }

    [Theory]
    [InlineData(ReportPeriod.Day, CalendarSystem.Gregorian, ReportGrouping.Unspecified)]
    [InlineData(ReportPeriod.Week, CalendarSystem.Jalali, ReportGrouping.ServiceType)]
    [InlineData(ReportPeriod.Month, CalendarSystem.Jalali, ReportGrouping.Technician)]
    [InlineData(ReportPeriod.Unspecified, CalendarSystem.Unspecified, ReportGrouping.Unspecified)]
    public async Task GetSatisfactionReport_MatchesFiguresComputedFromTheSeededResults_ForEachPeriodCalendarAndGrouping(
        ReportPeriod period, CalendarSystem calendar, ReportGrouping grouping)
    {
        // Arrange: filtered by one survey (the seeded calls of this test alone).
        var (technicians, serviceTypes, surveys) = NewNames();
        var calls = Calls(200 + ((int)period * 10) + (int)grouping, technicians, serviceTypes, surveys);
        await HappyCallSeeds.SeedAsync(_server, calls);
        var counted = calls.Where(c => c.SurveyId == surveys[0]).ToList();
        var calendarName = calendar == CalendarSystem.Gregorian ? "gregorian" : "jalali";
        var expected = HappyCallReportExpectation.Satisfaction(counted, s_from, s_to, PeriodName(period), calendarName, s_tehran, GroupName(grouping));
        var expectedTotals = HappyCallReportExpectation.Satisfaction(counted, s_from, s_to, "total", calendarName, s_tehran, GroupName(grouping));

        // Act
        var report = await Client.GetSatisfactionReportAsync(
            new SatisfactionReportRequest { Scope = Scope(s_from, s_to, period, calendar), GroupBy = grouping, SurveyId = surveys[0] },
            Integrator).ResponseAsync.WaitAsync(TestTimeouts.Default);

        // Assert
        AssertRowKeys(grouping, expected.Keys, report.Rows.Select(r => (r.Period.Label, r.Group.Key)).ToList());
        foreach (var row in report.Rows.Concat(report.Totals))
        {
            var figures = (row.Period.Label == "total" ? expectedTotals : expected).GetValueOrDefault((row.Period.Label, row.Group.Key))
                ?? HappyCallReportExpectation.Figures([]);
            Assert.Equal(
                (figures.Surveys, figures.Responses, figures.Escalations, figures.Ratings, figures.Scores),
                (row.Surveys, row.Responses, row.Escalations, row.Ratings, row.Scores));
            Assert.Equal(figures.Surveys == 0 ? 0 : (double)figures.Responses / figures.Surveys, row.ResponseRate, 9);
            Assert.Equal(figures.Csat, row.Csat, 9);
            Assert.Equal(figures.Nps, row.Nps, 9);
            Assert.Equal(figures.Questions.Keys.Order(StringComparer.Ordinal), row.Questions.Select(q => q.QuestionId));
            foreach (var question in row.Questions)
            {
                var expectedQuestion = figures.Questions[question.QuestionId];
                Assert.Equal((expectedQuestion.Kind, expectedQuestion.Answers), (question.Kind, question.Answers));
                Assert.Equal(expectedQuestion.Average, question.Average, 9);
            }

            AssertGroupName(grouping, technicians, row.Group);
        }

        Assert.Equal(expectedTotals.Keys.Select(k => k.Key).Order(StringComparer.Ordinal), report.Totals.Select(t => t.Group.Key));
        Assert.True(report.Totals.Sum(t => t.Surveys) > 10 && report.Totals.Sum(t => t.Ratings) > 5, "the seeded range has results with answers");
    }

    [Fact]
    public async Task GetSatisfactionReport_GivesCsatNpsAndResponseRateOfTheDefinitions_WhenFourResultsAreKnown()
    {
        // Arrange: ratings 5, 4, 2 (CSAT 2 of 3); scores 10, 9, 3 and 7 (NPS (2 - 1) of 4 = 25); 2 of 4 due surveys
        // answered, one escalated; a cancelled call is not due.
        var (technicians, serviceTypes, surveys) = NewNames();
        var at = new DateTimeOffset(2026, 4, 1, 10, 0, 0, s_tehranOffset);
        SeededHappyCall Result(string state, string outcome, bool escalated, params SeededAnswer[] answers) =>
            new(technicians[0].Id, technicians[0].Name, serviceTypes[0], surveys[0], state, outcome, escalated, [new SeededAttempt(at, outcome == "none" ? "busy" : outcome == "partial" ? "unfinished" : outcome == "completed" ? "completed" : "no_answer")], answers, at.AddMinutes(5));
        await HappyCallSeeds.SeedAsync(_server, [
            Result("finished", "completed", false, new("q", "rating", 5), new("n", "score", 10), new("n2", "score", 9)),
            Result("finished", "partial", true, new("q", "rating", 4), new("q2", "rating", 2), new("n", "score", 3), new("n2", "score", 7), new("yes", "yes_no", 1)),
            Result("unreached", "unreached", false),
            Result("do_not_call", "do_not_call", false),
            Result("cancelled", "cancelled", false),
        ]);

        // Act
        var report = await Client.GetSatisfactionReportAsync(
            new SatisfactionReportRequest { Scope = Scope(at.AddDays(-1), at.AddDays(1), ReportPeriod.Unspecified, CalendarSystem.Jalali), SurveyId = surveys[0] },
            Integrator).ResponseAsync.WaitAsync(TestTimeouts.Default);

        // Assert
        var total = Assert.Single(report.Totals);
        Assert.Equal((4L, 2L, 0.5, 1L, 3L, 4L), (total.Surveys, total.Responses, total.ResponseRate, total.Escalations, total.Ratings, total.Scores));
        Assert.Equal(200.0 / 3, total.Csat, 9);
        Assert.Equal(25.0, total.Nps, 9);
        Assert.Equal(["n", "n2", "q", "q2"], total.Questions.Select(q => q.QuestionId));
        Assert.Equal(6.5, total.Questions[0].Average, 9);
        Assert.Equal(4.5, total.Questions[2].Average, 9);
    }

    [Fact]
    public async Task GetOutboundReport_FailsWithInvalidArgumentNamingEachField_WhenScopeGroupingAndFiltersAreBad()
    {
        // Arrange
        var request = new OutboundReportRequest { GroupBy = (ReportGrouping)9, TechnicianId = new string('t', 129), ServiceType = "a\u0001b" };
        var satisfaction = new SatisfactionReportRequest
        {
            Scope = Scope(s_to, s_from, ReportPeriod.Day, CalendarSystem.Jalali),
            SurveyId = new string('s', 200),
        };

        // Act
        var outbound = await Assert.ThrowsAsync<RpcException>(() => Client.GetOutboundReportAsync(request, Integrator).ResponseAsync).WaitAsync(TestTimeouts.Default);
        var satisfied = await Assert.ThrowsAsync<RpcException>(() => Client.GetSatisfactionReportAsync(satisfaction, Integrator).ResponseAsync).WaitAsync(TestTimeouts.Default);
        var anonymous = await Assert.ThrowsAsync<RpcException>(() => Client.GetOutboundReportAsync(request, ApiServerFixture.With(null)).ResponseAsync).WaitAsync(TestTimeouts.Default);

        // Assert
        Assert.Equal(StatusCode.InvalidArgument, outbound.StatusCode);
        Assert.Equal(
            ["group_by", "scope", "service_type", "technician_id"],
            outbound.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field).Order(StringComparer.Ordinal));
        Assert.Equal(StatusCode.InvalidArgument, satisfied.StatusCode);
        Assert.Equal(
            ["scope.range.end_time", "survey_id"],
            satisfied.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field).Order(StringComparer.Ordinal));
        Assert.Equal(StatusCode.Unauthenticated, anonymous.StatusCode);
    }

    /// <summary>Without grouping every period has one row; with grouping exactly the (period, group) pairs that have figures.</summary>
    private static void AssertRowKeys(ReportGrouping grouping, IEnumerable<(string Label, string Key)> expected, IReadOnlyList<(string Label, string Key)> rows)
    {
        Assert.Equal(rows.Count, rows.Distinct().Count());
        if (grouping == ReportGrouping.Unspecified)
        {
            Assert.All(rows, r => Assert.Equal("", r.Key));
            Assert.Subset(rows.ToHashSet(), expected.ToHashSet());
        }
        else
        {
            Assert.Equal(expected.ToHashSet(), rows.ToHashSet());
        }
    }

    private static void AssertGroupName(ReportGrouping grouping, (string Id, string Name)[] technicians, GroupKey group) =>
        Assert.Equal(grouping == ReportGrouping.Technician ? technicians.Single(t => t.Id == group.Key).Name : "", group.Name);
}
