using System.Globalization;

namespace IvrService.Api.Tests;

/// <summary>One period's figures as the test counts them from its own description of the seeded calls.</summary>
internal sealed record ExpectedFigures(
    long Offered,
    long Answered,
    long Abandoned,
    long Transferred,
    long Messages,
    long Callbacks,
    TimeSpan AverageTalk,
    IReadOnlyList<(string Flow, string Menu, string Key, string Target, long Calls, long Choices)> Options);

/// <summary>
/// Counts seeded calls by period without the server's code: the local date from <see cref="TimeZoneInfo"/>, Jalali
/// dates from <see cref="PersianCalendar"/>, ISO weeks from <see cref="ISOWeek"/>.
/// </summary>
internal static class ReportExpectation
{
    private const string KeypadOrder = "123456789*0#";

    private static readonly PersianCalendar s_persian = new();

    /// <summary>The period label of <paramref name="instant"/>: period "day", "week", "month" or "total"; calendar "jalali" or "gregorian".</summary>
    public static string Label(DateTimeOffset instant, string period, string calendar, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(instant, zone).DateTime.Date;
        if (period == "total")
        {
            return "total";
        }

        if (calendar == "gregorian")
        {
            return period switch
            {
                "day" => local.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                "week" => string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(local):D4}-W{ISOWeek.GetWeekOfYear(local):D2}"),
                _ => local.ToString("yyyy-MM", CultureInfo.InvariantCulture),
            };
        }

        var year = s_persian.GetYear(local);
        var month = s_persian.GetMonth(local);
        var day = s_persian.GetDayOfMonth(local);
        switch (period)
        {
            case "day":
                return string.Create(CultureInfo.InvariantCulture, $"{year:D4}-{month:D2}-{day:D2}");
            case "month":
                return string.Create(CultureInfo.InvariantCulture, $"{year:D4}-{month:D2}");
            default:
                // Walk back to the Saturday, take the year of its Friday, and count Saturdays from the one on or
                // before that year's 1 Farvardin.
                var saturday = local;
                while (saturday.DayOfWeek != DayOfWeek.Saturday)
                {
                    saturday = saturday.AddDays(-1);
                }

                var weekYear = s_persian.GetYear(saturday.AddDays(6));
                var firstSaturday = s_persian.ToDateTime(weekYear, 1, 1, 0, 0, 0, 0);
                while (firstSaturday.DayOfWeek != DayOfWeek.Saturday)
                {
                    firstSaturday = firstSaturday.AddDays(-1);
                }

                var week = 1;
                for (var d = firstSaturday; d < saturday; d = d.AddDays(7))
                {
                    week++;
                }

                return string.Create(CultureInfo.InvariantCulture, $"{weekYear:D4}-W{week:D2}");
        }
    }

    /// <summary>The figures of the seeded inbound calls offered in [from, to), by label.</summary>
    public static Dictionary<string, ExpectedFigures> ByLabel(
        IEnumerable<SeededCall> calls, DateTimeOffset from, DateTimeOffset to, string period, string calendar, TimeZoneInfo zone, string? menu = null)
    {
        return calls
            .Where(c => !c.Outbound && c.OfferedAt >= from && c.OfferedAt < to)
            .GroupBy(c => Label(c.OfferedAt, period, calendar, zone))
            .ToDictionary(g => g.Key, g => Figures(g.ToList(), menu), StringComparer.Ordinal);
    }

    public static ExpectedFigures Figures(IReadOnlyList<SeededCall> calls, string? menu = null)
    {
        var answered = calls.Where(c => c.Answered).ToList();
        var options = calls
            .SelectMany(c => c.Choices.Select(choice => (Call: c, Choice: choice)))
            .Where(x => menu is null || x.Choice.Menu == menu)
            .GroupBy(x => (x.Call.FlowId, x.Choice.Menu, Key: x.Choice.Key.ToString(), x.Choice.Target))
            .Select(g => (g.Key.FlowId, g.Key.Menu, g.Key.Key, g.Key.Target, Calls: (long)g.Select(x => x.Call).Distinct().Count(), Choices: (long)g.Count()))
            .OrderBy(o => o.FlowId, StringComparer.Ordinal)
            .ThenBy(o => o.Menu, StringComparer.Ordinal)
            .ThenBy(o => KeypadOrder.IndexOf(o.Key, StringComparison.Ordinal))
            .ThenBy(o => o.Target, StringComparer.Ordinal)
            .ToList();
        return new ExpectedFigures(
            calls.Count,
            answered.Count,
            calls.Count(c => c.Outcome == "abandoned"),
            calls.Count(c => c.Outcome == "transferred"),
            calls.Count(c => c.Message),
            calls.Count(c => c.Callback),
            answered.Count == 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(answered.Average(c => c.TalkSeconds)),
            options);
    }
}
