using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using IvrService.Flows.Calendar.Internal;

namespace IvrService.Flows.Calendar;

/// <summary>
/// A time of day range in local time, e.g. 08:00–17:00 (end exclusive). An <see cref="End"/> of 00:00 means
/// midnight at the end of the day ("24:00"), so 00:00–24:00 is the whole day. A period does not cross midnight:
/// 22:00–06:00 is written as 22:00–24:00 on one day and 00:00–06:00 on the next.
/// </summary>
public readonly record struct OpeningPeriod(TimeOnly Start, TimeOnly End)
{
    /// <summary>True when the period runs to the end of the day (written "24:00").</summary>
    public bool EndsAtMidnight => End == TimeOnly.MinValue;

    /// <summary>True when the period is not empty: it ends after it starts, or at midnight.</summary>
    public bool IsValid => EndsAtMidnight || Start < End;

    public bool Contains(TimeOnly time) => IsValid && time >= Start && (EndsAtMidnight || time < End);

    /// <summary>"08:00-17:00", "13:00-24:00".</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Start:HH\\:mm}-{(EndsAtMidnight ? "24:00" : End.ToString("HH\\:mm", CultureInfo.InvariantCulture))}");

    /// <summary>Parses "08:00-12:00" (also with an en dash, spaces, or Persian digits); "24:00" is accepted as the end.</summary>
    public static bool TryParse(string? text, out OpeningPeriod period, [NotNullWhen(false)] out string? error)
    {
        period = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "the opening period is empty: expected start-end such as 08:00-17:00";
            return false;
        }

        var normalized = DateText.NormalizeDigits(text.Trim()).Replace('\u2013', '-');
        var parts = normalized.Split('-');
        if (parts.Length != 2)
        {
            error = $"'{text}' is not an opening period: expected start-end such as 08:00-17:00";
            return false;
        }

        if (!TryParseTime(parts[0].Trim(), allowEndOfDay: false, out var start))
        {
            error = $"'{text}' is not an opening period: the start '{parts[0].Trim()}' is not a time from 00:00 to 23:59";
            return false;
        }

        if (!TryParseTime(parts[1].Trim(), allowEndOfDay: true, out var end))
        {
            error = $"'{text}' is not an opening period: the end '{parts[1].Trim()}' is not a time from 00:01 to 24:00";
            return false;
        }

        period = new OpeningPeriod(start, end);
        if (!period.IsValid)
        {
            error = $"'{text}' is not an opening period: it ends before it starts (a period over midnight is written as two, ending at 24:00 and starting at 00:00)";
            period = default;
            return false;
        }

        error = null;
        return true;
    }

    /// <summary>
    /// Parses a comma-separated list such as "08:00-12:00, 13:00-17:00". The periods are returned in order of
    /// start; overlapping periods are an error.
    /// </summary>
    public static bool TryParseList(string? text, [NotNullWhen(true)] out IReadOnlyList<OpeningPeriod>? periods, [NotNullWhen(false)] out string? error)
    {
        periods = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "the opening periods are empty: expected a list such as 08:00-12:00, 13:00-17:00";
            return false;
        }

        var list = new List<OpeningPeriod>();
        foreach (var item in text.Split(',', '،'))
        {
            if (!TryParse(item, out var period, out var itemError))
            {
                error = string.IsNullOrWhiteSpace(item)
                    ? $"'{text}' has an empty entry: expected a list such as 08:00-12:00, 13:00-17:00"
                    : itemError;
                return false;
            }

            list.Add(period);
        }

        list.Sort(static (a, b) => a.Start.CompareTo(b.Start));
        for (var i = 1; i < list.Count; i++)
        {
            var previous = list[i - 1];
            if (previous.EndsAtMidnight || previous.End > list[i].Start)
            {
                error = $"'{text}': the periods {previous} and {list[i]} overlap";
                return false;
            }
        }

        periods = list;
        error = null;
        return true;
    }

    private static bool TryParseTime(string text, bool allowEndOfDay, out TimeOnly time)
    {
        time = default;
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon is < 1 or > 2 || text.Length - colon - 1 != 2)
        {
            return false;
        }

        if (!int.TryParse(text.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var hour)
            || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var minute))
        {
            return false;
        }

        if (allowEndOfDay && hour == 24 && minute == 0)
        {
            time = TimeOnly.MinValue;
            return true;
        }

        if (hour > 23 || minute > 59 || (allowEndOfDay && hour == 0 && minute == 0))
        {
            return false;
        }

        time = new TimeOnly(hour, minute);
        return true;
    }
}
