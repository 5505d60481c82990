namespace IvrService.Flows.Calendar;

/// <summary>A time of day range in local time, e.g. 08:00–17:00 (end exclusive).</summary>
public readonly record struct OpeningPeriod(TimeOnly Start, TimeOnly End);

/// <summary>
/// Opening hours: periods per weekday in a time zone, and holidays (closed all day). Used by the hours node
/// and by the happy-call calling window.
/// </summary>
public sealed class BusinessHours
{
    public BusinessHours(TimeZoneInfo timeZone, IReadOnlyDictionary<DayOfWeek, IReadOnlyList<OpeningPeriod>> week, IReadOnlyCollection<DateOnly> holidays)
    {
        TimeZone = timeZone;
        Week = week;
        Holidays = holidays;
    }

    public TimeZoneInfo TimeZone { get; }

    public IReadOnlyDictionary<DayOfWeek, IReadOnlyList<OpeningPeriod>> Week { get; }

    public IReadOnlyCollection<DateOnly> Holidays { get; }

    public bool IsOpen(DateTimeOffset instant) => throw new NotImplementedException();

    public bool IsHoliday(DateTimeOffset instant) => throw new NotImplementedException();

    /// <summary>The first instant at or after <paramref name="instant"/> that is open; null when the week has no period.</summary>
    public DateTimeOffset? NextOpening(DateTimeOffset instant) => throw new NotImplementedException();
}
