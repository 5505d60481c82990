using System.CommandLine;
using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using IvrService.Api.V1;
using IvrService.Flows.Calendar;
using ApiCalendarSystem = IvrService.Api.V1.CalendarSystem;

namespace IvrService.Cli.Internal;

/// <summary>
/// The options every <c>ivrctl report</c> command shares: the range (<c>--from</c>, <c>--to</c> as dates of the calendar
/// in the zone, or ISO 8601 times), <c>--period</c>, <c>--calendar</c>, <c>--zone</c> and <c>--format</c>; and the
/// report scope they make.
/// </summary>
internal sealed class ReportScopeOptions
{
    private const int GregorianFromYear = 1700;

    public ReportScopeOptions()
    {
        From = new Option<string>("--from")
        {
            Description = "Start: a date of --calendar (1405-02-01, or 2026-04-21 with --calendar gregorian) meaning that day's start in --zone, or an ISO 8601 time (UTC without offset).",
            Required = true,
        };
        To = new Option<string>("--to")
        {
            Description = "End: a date of --calendar, included whole, or an ISO 8601 time, excluded.",
            Required = true,
        };
        Period = new Option<string>("--period") { Description = "Rows per day, week or month; total: one row.", DefaultValueFactory = _ => "day" };
        Period.AcceptOnlyFromAmong("day", "week", "month", "total");
        Calendar = new Option<string>("--calendar")
        {
            Description = "Calendar of the periods and of dates given: jalali (weeks from Saturday) or gregorian (ISO weeks from Monday).",
            DefaultValueFactory = _ => "jalali",
        };
        Calendar.AcceptOnlyFromAmong("jalali", "gregorian");
        Zone = new Option<string>("--zone") { Description = "IANA time zone in which days start.", DefaultValueFactory = _ => "Asia/Tehran" };
        Format = new Option<string>("--format") { Description = "table (readable), csv or json (for scripts).", DefaultValueFactory = _ => "table" };
        Format.AcceptOnlyFromAmong("table", "csv", "json");
    }

    public Option<string> From { get; }

    public Option<string> To { get; }

    public Option<string> Period { get; }

    public Option<string> Calendar { get; }

    public Option<string> Zone { get; }

    public Option<string> Format { get; }

    public void AddTo(Command command)
    {
        foreach (var option in new System.CommandLine.Option[] { From, To, Period, Calendar, Zone, Format })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>Writes a report in the <c>--format</c> given: CSV, JSON or readable tables.</summary>
    public async Task WriteAsync<TReport>(
        TextWriter output,
        ParseResult parsed,
        TReport report,
        Func<TReport, string> csv,
        Func<TReport, string> json,
        Func<TextWriter, TReport, CancellationToken, Task> tables,
        CancellationToken cancellationToken)
    {
        switch (parsed.GetValue(Format))
        {
            case "csv":
                await output.WriteAsync(csv(report).AsMemory(), cancellationToken);
                break;
            case "json":
                await output.WriteAsync(json(report).AsMemory(), cancellationToken);
                break;
            default:
                await tables(output, report, cancellationToken);
                break;
        }
    }

    /// <summary>The zone, calendar (jalali, gregorian) and period (day, week, month, total) names given.</summary>
    public (string Zone, string Calendar, string Period) Names(ParseResult parsed) =>
        (parsed.GetValue(Zone)!, parsed.GetValue(Calendar)!, parsed.GetValue(Period)!);

    /// <summary>The report scope of the options given.</summary>
    /// <exception cref="UsageException">A bound or the zone cannot be read.</exception>
    public ReportScope Scope(ParseResult parsed)
    {
        var (zoneName, calendarName, periodName) = Names(parsed);
        return new ReportScope
        {
            Range = new TimeRange
            {
                StartTime = Timestamp.FromDateTimeOffset(ParseBound(parsed.GetValue(From)!, "--from", calendarName, zoneName, end: false)),
                EndTime = Timestamp.FromDateTimeOffset(ParseBound(parsed.GetValue(To)!, "--to", calendarName, zoneName, end: true)),
            },
            Period = periodName switch
            {
                "week" => ReportPeriod.Week,
                "month" => ReportPeriod.Month,
                "total" => ReportPeriod.Unspecified,
                _ => ReportPeriod.Day,
            },
            Calendar = calendarName == "gregorian" ? ApiCalendarSystem.Gregorian : ApiCalendarSystem.Jalali,
            TimeZone = zoneName,
        };
    }

    /// <summary>
    /// A bound given on the command line: a date alone is a day of <paramref name="calendarName"/> in the zone (its
    /// start; for the end, the start of the next day); anything else an ISO 8601 time.
    /// </summary>
    internal static DateTimeOffset ParseBound(string text, string option, string calendarName, string zoneName, bool end)
    {
        var trimmed = text.Trim();
        if (trimmed.Length > 10 || trimmed.Contains('T', StringComparison.OrdinalIgnoreCase) || trimmed.Contains(':', StringComparison.Ordinal))
        {
            return Formats.ParseTime(trimmed, option)!.Value;
        }

        // Years from 1700 on are Gregorian in practice and years before it Jalali: a date in the other calendar is
        // refused rather than read centuries away.
        DateOnly day;
        if (calendarName == "gregorian")
        {
            if (!DateOnly.TryParseExact(trimmed.Replace('/', '-'), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day))
            {
                throw new UsageException($"{option}: '{text}' is not a Gregorian date such as 2026-04-21 or an ISO 8601 time");
            }

            if (day.Year < GregorianFromYear)
            {
                throw new UsageException($"{option}: '{text}' looks like a Jalali date; drop --calendar gregorian to give Jalali dates");
            }
        }
        else if (JalaliDate.TryParse(trimmed, out var jalali, out var problem))
        {
            if (jalali.Year >= GregorianFromYear)
            {
                throw new UsageException($"{option}: '{text}' looks like a Gregorian date; give --calendar gregorian, or a Jalali date such as 1405-02-01");
            }

            day = jalali.ToGregorian();
        }
        else
        {
            throw new UsageException($"{option}: {problem} (give a Jalali date such as 1405-02-01, use --calendar gregorian for Gregorian dates, or an ISO 8601 time)");
        }

        if (!TimeZoneInfo.TryFindSystemTimeZoneById(zoneName, out var zone))
        {
            throw new UsageException($"--zone: '{zoneName}' is not a time zone known here; give an IANA name such as Asia/Tehran, or give times rather than dates");
        }

        return DayStart(end ? day.AddDays(1) : day, zone);
    }

    /// <summary>The first instant of the local day (after the clock change where midnight is skipped; the first of a repeated midnight).</summary>
    private static DateTimeOffset DayStart(DateOnly day, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(1);
        }

        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }
}
