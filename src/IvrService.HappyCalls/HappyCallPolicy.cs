using System.Diagnostics.CodeAnalysis;
using IvrService.Flows.Calendar;
using IvrService.Storage.HappyCalls;

namespace IvrService.HappyCalls;

/// <summary>
/// The happy-call rules in effect for one service type: <see cref="HappyCallOptions"/> with the type's overrides
/// merged in, parsed. Made by <see cref="HappyCallPolicyResolver"/>.
/// </summary>
public sealed record HappyCallPolicy
{
    /// <summary>The service type these rules are for; empty for the defaults.</summary>
    public required string ServiceType { get; init; }

    public required bool Enabled { get; init; }

    public required string SurveyId { get; init; }

    /// <summary>Time from completion to the first attempt.</summary>
    public required TimeSpan Delay { get; init; }

    /// <summary>The zone of customers whose report names none.</summary>
    public required TimeZoneInfo DefaultTimeZone { get; init; }

    /// <summary>Calling periods per weekday, local to the customer; a day missing or empty has none.</summary>
    public required IReadOnlyDictionary<DayOfWeek, IReadOnlyList<OpeningPeriod>> Week { get; init; }

    /// <summary>Days without calls (Gregorian, Jalali ones converted), judged by the customer's local date.</summary>
    public required IReadOnlyCollection<DateOnly> Holidays { get; init; }

    /// <summary>Attempts to reach the customer; each completion retry adds one.</summary>
    public required int MaxAttempts { get; init; }

    /// <summary>Delay before the next attempt, for each outcome that has one (see <see cref="OutcomePolicy.IsRetried"/>).</summary>
    public required IReadOnlyDictionary<AttemptOutcome, TimeSpan> RetryAfter { get; init; }

    public required int CompletionRetries { get; init; }

    public required int EscalationThreshold { get; init; }

    /// <summary>No attempt starts with less than this left before the window closes.</summary>
    public required TimeSpan ClosingMargin { get; init; }

    /// <summary>The delay before the attempt after one that ended with <paramref name="outcome"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The outcome is final (declined, opted out, completed, do-not-call).</exception>
    public TimeSpan RetryDelay(AttemptOutcome outcome) =>
        RetryAfter.TryGetValue(outcome, out var delay)
            ? delay
            : throw new ArgumentOutOfRangeException(nameof(outcome), outcome, $"{outcome} is final; it is never retried");

    /// <summary>
    /// The customer's zone: <see cref="DefaultTimeZone"/> for an empty id, else the IANA (or Windows) zone of that
    /// id; false when the id names no zone on this machine.
    /// </summary>
    public bool TryFindTimeZone(string? timeZoneId, [NotNullWhen(true)] out TimeZoneInfo? zone)
    {
        if (string.IsNullOrWhiteSpace(timeZoneId))
        {
            zone = DefaultTimeZone;
            return true;
        }

        return TimeZoneInfo.TryFindSystemTimeZoneById(timeZoneId.Trim(), out zone);
    }

    /// <summary>The calling window of a customer in <paramref name="timeZone"/>.</summary>
    public CallingWindow WindowFor(TimeZoneInfo timeZone) => new(this, timeZone);
}
