using IvrService.Flows.Calendar;

namespace IvrService.HappyCalls;

/// <summary>
/// When a customer may be called: the policy's weekly periods and holidays read on the customer's local wall clock
/// (<see cref="BusinessHours"/> does the calendar and daylight-saving arithmetic), minus the last
/// <see cref="ClosingMargin"/> of each open stretch so a survey never starts just before the window closes.
/// </summary>
public sealed class CallingWindow
{
    /// <summary>How far ahead <see cref="NextCallTime"/> looks before giving up.</summary>
    public static readonly TimeSpan SearchHorizon = TimeSpan.FromDays(366);

    public CallingWindow(HappyCallPolicy policy, TimeZoneInfo timeZone)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(timeZone);
        Hours = new BusinessHours(timeZone, policy.Week, policy.Holidays);
        ClosingMargin = policy.ClosingMargin;
    }

    /// <summary>The customer's zone.</summary>
    public TimeZoneInfo TimeZone => Hours.TimeZone;

    /// <summary>The periods and holidays in the customer's zone.</summary>
    public BusinessHours Hours { get; }

    /// <summary>No attempt starts with less than this left before the window closes.</summary>
    public TimeSpan ClosingMargin { get; }

    /// <summary>True when <paramref name="instant"/> falls inside the window (margin not considered).</summary>
    public bool IsOpen(DateTimeOffset instant) => Hours.IsOpen(instant);

    /// <summary>
    /// Time left before the window closes, counted from <paramref name="instant"/>; null when it is closed,
    /// <see cref="TimeSpan.MaxValue"/> when it never closes within <see cref="BusinessHours.SearchDays"/> days.
    /// </summary>
    public TimeSpan? OpenFor(DateTimeOffset instant)
    {
        if (!Hours.IsOpen(instant))
        {
            return null;
        }

        var closing = Hours.NextClosing(instant);
        return closing is null ? TimeSpan.MaxValue : closing.Value - instant;
    }

    /// <summary>True when the window is open at <paramref name="instant"/> with at least <see cref="ClosingMargin"/> left.</summary>
    public bool CanStartCall(DateTimeOffset instant) => OpenFor(instant) is { } left && left >= ClosingMargin;

    /// <summary>
    /// The first instant at or after <paramref name="earliest"/> at which a call may start (<see cref="CanStartCall"/>),
    /// in the customer's local offset: <paramref name="earliest"/> itself when it may, else the next opening with
    /// enough time left. Null when there is none within <see cref="SearchHorizon"/>.
    /// </summary>
    public DateTimeOffset? NextCallTime(DateTimeOffset earliest)
    {
        var horizon = earliest + SearchHorizon;
        var candidate = Hours.NextOpening(earliest);
        while (candidate is { } start && start <= horizon)
        {
            var closing = Hours.NextClosing(start);
            if (closing is null || closing.Value - start >= ClosingMargin)
            {
                return start;
            }

            candidate = Hours.NextOpening(closing.Value);
        }

        return null;
    }
}
