using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using IvrService.Api.V1;
using IvrService.Storage;

namespace IvrService.Api.Internal;

/// <summary>
/// The Reports service. Every report is counted in the database over periods whose boundaries are computed here
/// (<see cref="ReportCalendar"/>): the inbound report over the call records, the outbound and satisfaction reports
/// over the happy calls, their attempts and answers; the rates and scores are derived here from the counts.
/// </summary>
internal sealed class ReportsService : Reports.ReportsBase
{
    /// <summary>The time zone of a report that names none.</summary>
    public const string DefaultTimeZone = "Asia/Tehran";

    /// <summary>The longest range of a report by days.</summary>
    public const int MaxDaysByDay = 400;

    /// <summary>The longest range of any other report: five years.</summary>
    public const int MaxDays = 1827;

    private const int MaxFilterLength = 128;
    private const int MaxTimeZoneLength = 64;

    /// <summary>Reports cover calls of these years only (the Jalali conversion and the calendars are sure there).</summary>
    private static readonly DateTimeOffset s_earliest = new(1900, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly DateTimeOffset s_latest = new(3000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly ICallReportQueries _queries;
    private readonly IHappyCallReportQueries _happyCalls;

    public ReportsService(ICallReportQueries queries, IHappyCallReportQueries happyCalls)
    {
        _queries = queries;
        _happyCalls = happyCalls;
    }

    public override async Task<InboundReport> GetInboundReport(InboundReportRequest request, ServerCallContext context)
    {
        var violations = new FieldViolations();
        var spans = CheckScope(request.Scope, violations);
        var called = CheckFilter(request.Called, "called", violations);
        var flowId = CheckFilter(request.FlowId, "flow_id", violations);
        var menuNodeId = CheckFilter(request.MenuNodeId, "menu_node_id", violations);
        violations.ThrowIfAny();

        var boundaries = Boundaries(spans!);
        var data = await _queries.GetInboundAsync(new InboundReportQuery(boundaries, called, flowId, menuNodeId), context.CancellationToken)
            .ConfigureAwait(false);

        var report = new InboundReport
        {
            Total = ToRow(new PeriodKey
            {
                StartTime = Timestamp.FromDateTimeOffset(boundaries[0]),
                EndTime = Timestamp.FromDateTimeOffset(boundaries[^1]),
                Label = ReportCalendar.TotalLabel,
            }, data.Total, data.TotalChoices),
        };
        for (var i = 0; i < spans!.Count; i++)
        {
            report.Rows.Add(ToRow(Key(spans[i]), data.Periods[i], data.PeriodChoices[i]));
        }

        return report;
    }

    public override async Task<OutboundReport> GetOutboundReport(OutboundReportRequest request, ServerCallContext context)
    {
        var violations = new FieldViolations();
        var spans = CheckScope(request.Scope, violations);
        var group = CheckGrouping(request.GroupBy, violations);
        var technicianId = CheckFilter(request.TechnicianId, "technician_id", violations);
        var serviceType = CheckFilter(request.ServiceType, "service_type", violations);
        violations.ThrowIfAny();

        var data = await _happyCalls.GetOutboundAsync(new OutboundReportQuery(Boundaries(spans!), group, technicianId, serviceType), context.CancellationToken)
            .ConfigureAwait(false);
        var report = new OutboundReport();
        Arrange(
            spans!,
            group,
            data.Groups,
            g => (g.Period, g.GroupKey, g.GroupName),
            (key, counts) => ToRow(key, counts ?? new OutboundGroupCounts(null, "", "", 0, 0, 0)),
            report.Rows,
            report.Totals);
        return report;
    }

    public override async Task<SatisfactionReport> GetSatisfactionReport(SatisfactionReportRequest request, ServerCallContext context)
    {
        var violations = new FieldViolations();
        var spans = CheckScope(request.Scope, violations);
        var group = CheckGrouping(request.GroupBy, violations);
        var surveyId = CheckFilter(request.SurveyId, "survey_id", violations);
        var technicianId = CheckFilter(request.TechnicianId, "technician_id", violations);
        var serviceType = CheckFilter(request.ServiceType, "service_type", violations);
        violations.ThrowIfAny();

        var data = await _happyCalls.GetSatisfactionAsync(
            new SatisfactionReportQuery(Boundaries(spans!), group, surveyId, technicianId, serviceType), context.CancellationToken).ConfigureAwait(false);
        var report = new SatisfactionReport();
        Arrange(
            spans!,
            group,
            data.Groups,
            g => (g.Period, g.GroupKey, g.GroupName),
            (key, counts) => ToRow(key, counts ?? new SatisfactionGroupCounts(null, "", "", 0, 0, 0)),
            report.Rows,
            report.Totals);
        return report;
    }

    /// <summary>The periods' starts and the range's end, as the storage queries take them.</summary>
    private static DateTimeOffset[] Boundaries(IReadOnlyList<ReportSpan> spans)
    {
        var boundaries = new DateTimeOffset[spans.Count + 1];
        for (var i = 0; i < spans.Count; i++)
        {
            boundaries[i] = spans[i].Start;
        }

        boundaries[^1] = spans[^1].End;
        return boundaries;
    }

    /// <summary>
    /// Puts grouped counts into rows: without grouping one row per period (empty periods from
    /// <paramref name="toRow"/> with null counts) and one total; with grouping the groups each period has, then each
    /// group's total. The counts come ordered by period then group key, totals last.
    /// </summary>
    private static void Arrange<TCounts, TRow>(
        IReadOnlyList<ReportSpan> spans,
        ReportGroup group,
        IReadOnlyList<TCounts> counts,
        Func<TCounts, (int? Period, string Key, string Name)> keyOf,
        Func<(PeriodKey Period, GroupKey Group), TCounts?, TRow> toRow,
        ICollection<TRow> rows,
        ICollection<TRow> totals)
        where TCounts : class
    {
        var total = new PeriodKey
        {
            StartTime = Timestamp.FromDateTimeOffset(spans[0].Start),
            EndTime = Timestamp.FromDateTimeOffset(spans[^1].End),
            Label = ReportCalendar.TotalLabel,
        };
        if (group == ReportGroup.None)
        {
            var byPeriod = new TCounts?[spans.Count];
            TCounts? whole = null;
            foreach (var item in counts)
            {
                if (keyOf(item).Period is { } period)
                {
                    byPeriod[period] = item;
                }
                else
                {
                    whole = item;
                }
            }

            for (var i = 0; i < spans.Count; i++)
            {
                rows.Add(toRow((Key(spans[i]), new GroupKey()), byPeriod[i]));
            }

            totals.Add(toRow((total, new GroupKey()), whole));
            return;
        }

        foreach (var item in counts)
        {
            var (period, key, name) = keyOf(item);
            var groupKey = new GroupKey { Key = key, Name = name };
            if (period is { } index)
            {
                rows.Add(toRow((Key(spans[index]), groupKey), item));
            }
            else
            {
                totals.Add(toRow((total, groupKey), item));
            }
        }
    }

    private static ReportGroup CheckGrouping(ReportGrouping grouping, FieldViolations violations)
    {
        if (!violations.DefinedEnum(grouping, "group_by", allowUnspecified: true))
        {
            return ReportGroup.None;
        }

        return grouping switch
        {
            ReportGrouping.Technician => ReportGroup.Technician,
            ReportGrouping.ServiceType => ReportGroup.ServiceType,
            _ => ReportGroup.None,
        };
    }

    private static OutboundReportRow ToRow((PeriodKey Period, GroupKey Group) key, OutboundGroupCounts counts)
    {
        var row = new OutboundReportRow
        {
            Period = key.Period,
            Group = key.Group,
            HappyCalls = counts.HappyCalls,
            Attempts = counts.Attempts,
            Reached = counts.Reached,
            ReachRate = Ratio(counts.Reached, counts.HappyCalls),
        };
        foreach (var outcome in counts.Outcomes)
        {
            row.Outcomes.Add(new OutcomeCount { Outcome = outcome.Name, Attempts = outcome.Count });
        }

        foreach (var result in counts.Results)
        {
            row.Results.Add(new ResultCount { Result = result.Name, HappyCalls = result.Count });
        }

        return row;
    }

    private static SatisfactionReportRow ToRow((PeriodKey Period, GroupKey Group) key, SatisfactionGroupCounts counts)
    {
        long ratings = 0, satisfied = 0, scores = 0, promoters = 0, detractors = 0;
        var row = new SatisfactionReportRow
        {
            Period = key.Period,
            Group = key.Group,
            Surveys = counts.Surveys,
            Responses = counts.Responses,
            ResponseRate = Ratio(counts.Responses, counts.Surveys),
            Escalations = counts.Escalations,
        };
        foreach (var question in counts.Questions)
        {
            row.Questions.Add(new QuestionAverage
            {
                QuestionId = question.QuestionId,
                Kind = question.Kind,
                Answers = question.Answers,
                Average = question.Average,
            });
            if (question.Kind == "rating")
            {
                ratings += question.Answers;
                satisfied += question.Satisfied;
            }
            else
            {
                scores += question.Answers;
                promoters += question.Promoters;
                detractors += question.Detractors;
            }
        }

        row.Ratings = ratings;
        row.Scores = scores;
        row.Csat = 100 * Ratio(satisfied, ratings);
        row.Nps = 100 * Ratio(promoters - detractors, scores);
        return row;
    }

    private static double Ratio(long part, long whole) => whole == 0 ? 0 : (double)part / whole;

    /// <summary>The report's periods, or null with the scope's violations noted.</summary>
    private static IReadOnlyList<ReportSpan>? CheckScope(ReportScope? scope, FieldViolations violations)
    {
        if (scope is null)
        {
            violations.Add("scope", "is required (its range, both bounds)");
            return null;
        }

        var periodKnown = violations.DefinedEnum(scope.Period, "scope.period", allowUnspecified: true);
        var calendarKnown = violations.DefinedEnum(scope.Calendar, "scope.calendar", allowUnspecified: true);
        var zone = CheckZone(scope.TimeZone, violations);

        DateTimeOffset? from = null;
        DateTimeOffset? to = null;
        if (scope.Range is null)
        {
            violations.Add("scope.range", "is required (start_time and end_time)");
        }
        else
        {
            from = CheckBound(scope.Range.StartTime, "scope.range.start_time", violations);
            to = CheckBound(scope.Range.EndTime, "scope.range.end_time", violations);
        }

        if (from is not { } start || to is not { } end)
        {
            return null;
        }

        if (end <= start)
        {
            violations.Add("scope.range.end_time", "must be after scope.range.start_time");
            return null;
        }

        var longest = scope.Period == ReportPeriod.Day ? MaxDaysByDay : MaxDays;
        if (end - start > TimeSpan.FromDays(longest))
        {
            violations.Add(
                "scope.range",
                scope.Period == ReportPeriod.Day
                    ? string.Create(CultureInfo.InvariantCulture, $"may span at most {MaxDaysByDay} days with period DAY (was {(end - start).TotalDays:0.#} days); use WEEK or MONTH")
                    : string.Create(CultureInfo.InvariantCulture, $"may span at most {MaxDays} days (5 years) (was {(end - start).TotalDays:0.#} days)"));
            return null;
        }

        return periodKnown && calendarKnown && zone is not null
            ? ReportCalendar.Split(start, end, scope.Period, scope.Calendar, zone)
            : null;
    }

    private static DateTimeOffset? CheckBound(Timestamp? bound, string field, FieldViolations violations)
    {
        if (bound is null)
        {
            violations.Add(field, "is required");
            return null;
        }

        var instant = violations.Instant(bound, field);
        if (instant is { } at && (at < s_earliest || at > s_latest))
        {
            violations.Add(field, "must be between 1900-01-01 and 3000-01-01");
            return null;
        }

        return instant;
    }

    private static TimeZoneInfo? CheckZone(string name, FieldViolations violations)
    {
        if (name.Length == 0)
        {
            name = DefaultTimeZone;
        }
        else if (name.Length > MaxTimeZoneLength || name.Any(char.IsControl))
        {
            violations.Add("scope.time_zone", $"must be an IANA time zone name of at most {MaxTimeZoneLength} characters, such as Asia/Tehran");
            return null;
        }

        if (!TimeZoneInfo.TryFindSystemTimeZoneById(name, out var zone) || !zone.HasIanaId)
        {
            violations.Add("scope.time_zone", $"'{name}' is not a known time zone; use an IANA name such as Asia/Tehran or UTC");
            return null;
        }

        return zone;
    }

    private static string? CheckFilter(string value, string field, FieldViolations violations)
    {
        if (value.Length > MaxFilterLength)
        {
            violations.Add(field, $"must be at most {MaxFilterLength} characters");
        }
        else if (value.Any(char.IsControl))
        {
            violations.Add(field, "must not contain control characters");
        }

        return value.Length == 0 ? null : value;
    }

    private static PeriodKey Key(ReportSpan span) => new()
    {
        StartTime = Timestamp.FromDateTimeOffset(span.Start),
        EndTime = Timestamp.FromDateTimeOffset(span.End),
        Label = span.Label,
    };

    private static InboundReportRow ToRow(PeriodKey key, InboundPeriodCounts counts, IReadOnlyList<MenuChoiceCount> choices)
    {
        var row = new InboundReportRow
        {
            Period = key,
            Offered = counts.Offered,
            Answered = counts.Answered,
            AbandonedInIvr = counts.AbandonedInIvr,
            Transferred = counts.Transferred,
            MessagesLeft = counts.MessagesLeft,
            CallbacksRequested = counts.CallbacksRequested,
            AverageDuration = Duration.FromTimeSpan(counts.AverageTalk ?? TimeSpan.Zero),
        };
        foreach (var choice in choices)
        {
            row.MenuOptions.Add(new MenuOptionCount
            {
                FlowId = choice.FlowId,
                MenuNodeId = choice.MenuNodeId,
                Key = choice.Key,
                NodeId = choice.TargetNodeId,
                Calls = choice.Calls,
                Choices = choice.Choices,
            });
        }

        return row;
    }
}
