namespace IvrService.Flows.Calendar;

public enum CalendarSystem
{
    Gregorian,

    /// <summary>Solar Hijri, the calendar used in Iran.</summary>
    Jalali,
}
