using System.Globalization;
using IvrService.Flows.Calendar;
using IvrService.Storage.HappyCalls;

namespace IvrService.HappyCalls.Internal;

/// <summary>
/// Checks <see cref="HappyCallOptions"/> and turns them into one <see cref="HappyCallPolicy"/> for the defaults and one
/// per service type. Every problem names its configuration key (<c>HappyCalls:Window:Friday:0: ...</c>); the
/// validator reports them at start and the resolver refuses to build from options that have any.
/// </summary>
internal static class HappyCallOptionsReader
{
    private const string Section = HappyCallOptions.SectionName;

    private static readonly TimeSpan s_maxDelay = TimeSpan.FromDays(30);

    private static readonly AttemptOutcome[] s_retried =
    [
        AttemptOutcome.Busy, AttemptOutcome.NoAnswer, AttemptOutcome.Failed,
        AttemptOutcome.AnsweringMachine, AttemptOutcome.Unfinished, AttemptOutcome.Interrupted,
    ];

    private static readonly DayOfWeek[] s_days =
    [
        DayOfWeek.Saturday, DayOfWeek.Sunday, DayOfWeek.Monday, DayOfWeek.Tuesday,
        DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday,
    ];

    /// <summary>The policies, or null with <paramref name="problems"/> filled when anything is wrong.</summary>
    public static HappyCallPolicies? Read(HappyCallOptions options, List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(options);
        var before = problems.Count;
        CheckSurveyId(options.SurveyId, $"{Section}:SurveyId", problems);
        CheckDelay(options.Delay, $"{Section}:Delay", problems);
        TimeZoneInfo? zone = null;
        if (string.IsNullOrWhiteSpace(options.TimeZone))
        {
            problems.Add($"{Section}:TimeZone: a default time zone is required, such as Asia/Tehran");
        }
        else if (!TimeZoneInfo.TryFindSystemTimeZoneById(options.TimeZone.Trim(), out zone))
        {
            problems.Add($"{Section}:TimeZone: unknown time zone '{options.TimeZone}'; use an IANA name such as Asia/Tehran");
        }

        var defaultWeek = new Dictionary<DayOfWeek, IReadOnlyList<OpeningPeriod>>();
        foreach (var (day, text) in HappyCallOptions.DefaultWindow)
        {
            defaultWeek[day] = text == HappyCallOptions.Closed ? [] : ParseDefault(text);
        }

        var week = ReadWindow(options.Window, defaultWeek, $"{Section}:Window", problems);
        var holidays = ReadHolidays(options.Holidays, problems);
        CheckMaxAttempts(options.MaxAttempts, $"{Section}:MaxAttempts", problems);
        var retryAfter = ReadRetryAfter(options.RetryAfter, HappyCallOptions.DefaultRetryAfter, $"{Section}:RetryAfter", problems);
        CheckCompletionRetries(options.CompletionRetries, $"{Section}:CompletionRetries", problems);
        CheckEscalationThreshold(options.EscalationThreshold, $"{Section}:EscalationThreshold", problems);
        CheckDialing(options, problems);
        CheckSpan(options.ResultChangeRetention, TimeSpan.FromHours(1), TimeSpan.FromDays(3650), $"{Section}:ResultChangeRetention", problems);

        if (problems.Count > before || zone is null || week is null || holidays is null || retryAfter is null)
        {
            ReadServiceTypes(options, week ?? defaultWeek, HappyCallOptions.DefaultRetryAfter, problems);
            return null;
        }

        var defaults = new HappyCallPolicy
        {
            ServiceType = "",
            Enabled = options.Enabled,
            SurveyId = options.SurveyId.Trim(),
            Delay = options.Delay,
            DefaultTimeZone = zone,
            Week = week,
            Holidays = holidays,
            MaxAttempts = options.MaxAttempts,
            RetryAfter = retryAfter,
            CompletionRetries = options.CompletionRetries,
            EscalationThreshold = options.EscalationThreshold,
            ClosingMargin = options.ClosingMargin,
        };

        var byType = ReadServiceTypes(options, week, retryAfter, problems);
        return byType is null ? null : new HappyCallPolicies(defaults, ApplyTo(defaults, byType));
    }

    private static Dictionary<string, HappyCallPolicy> ApplyTo(HappyCallPolicy defaults, Dictionary<string, ServiceTypeParts> byType)
    {
        var policies = new Dictionary<string, HappyCallPolicy>(StringComparer.OrdinalIgnoreCase);
        foreach (var (type, parts) in byType)
        {
            var overrides = parts.Options;
            policies[type] = defaults with
            {
                ServiceType = type,
                Enabled = overrides.Enabled ?? defaults.Enabled,
                SurveyId = overrides.SurveyId?.Trim() ?? defaults.SurveyId,
                Delay = overrides.Delay ?? defaults.Delay,
                Week = parts.Week,
                MaxAttempts = overrides.MaxAttempts ?? defaults.MaxAttempts,
                RetryAfter = parts.RetryAfter,
                CompletionRetries = overrides.CompletionRetries ?? defaults.CompletionRetries,
                EscalationThreshold = overrides.EscalationThreshold ?? defaults.EscalationThreshold,
            };
        }

        return policies;
    }

    private static Dictionary<string, ServiceTypeParts>? ReadServiceTypes(
        HappyCallOptions options,
        IReadOnlyDictionary<DayOfWeek, IReadOnlyList<OpeningPeriod>> week,
        IReadOnlyDictionary<AttemptOutcome, TimeSpan> retryAfter,
        List<string> problems)
    {
        var before = problems.Count;
        var byType = new Dictionary<string, ServiceTypeParts>(StringComparer.OrdinalIgnoreCase);
        foreach (var (type, overrides) in options.ServiceTypes)
        {
            var key = $"{Section}:ServiceTypes:{type}";
            if (string.IsNullOrWhiteSpace(type))
            {
                problems.Add($"{Section}:ServiceTypes: a service type name is empty");
                continue;
            }

            if (overrides is null)
            {
                continue;
            }

            if (overrides.SurveyId is not null)
            {
                CheckSurveyId(overrides.SurveyId, $"{key}:SurveyId", problems);
            }

            if (overrides.Delay is { } delay)
            {
                CheckDelay(delay, $"{key}:Delay", problems);
            }

            var typeWeek = ReadWindow(overrides.Window, week, $"{key}:Window", problems);
            if (overrides.MaxAttempts is { } maxAttempts)
            {
                CheckMaxAttempts(maxAttempts, $"{key}:MaxAttempts", problems);
            }

            var typeRetryAfter = ReadRetryAfter(overrides.RetryAfter, retryAfter, $"{key}:RetryAfter", problems);
            if (overrides.CompletionRetries is { } completionRetries)
            {
                CheckCompletionRetries(completionRetries, $"{key}:CompletionRetries", problems);
            }

            if (overrides.EscalationThreshold is { } threshold)
            {
                CheckEscalationThreshold(threshold, $"{key}:EscalationThreshold", problems);
            }

            if (typeWeek is not null && typeRetryAfter is not null)
            {
                byType[type.Trim()] = new ServiceTypeParts(overrides, typeWeek, typeRetryAfter);
            }
        }

        return problems.Count > before ? null : byType;
    }

    private static void CheckDialing(HappyCallOptions options, List<string> problems)
    {
        CheckSpan(options.ClosingMargin, TimeSpan.Zero, TimeSpan.FromHours(1), $"{Section}:ClosingMargin", problems);
        CheckSpan(options.RingTimeout, TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), $"{Section}:RingTimeout", problems);
        if (options.Trunk is null || (options.Trunk.Length > 0 && string.IsNullOrWhiteSpace(options.Trunk)))
        {
            problems.Add($"{Section}:Trunk: give the name of a Sip:Trunks entry, or leave it empty for the first trunk");
        }

        if (options.MaxConcurrentCalls is < 0 or > 10000)
        {
            problems.Add(Invariant($"{Section}:MaxConcurrentCalls: {options.MaxConcurrentCalls} must be from 0 (the trunk's channels) to 10000"));
        }

        if (!IsQueueName(options.DialQueue))
        {
            problems.Add($"{Section}:DialQueue: '{options.DialQueue}' is not a queue name; use lower-case letters, digits, '_' and '-'");
        }

        if (options.WorkerCount is < 0 or > 1000)
        {
            problems.Add(Invariant($"{Section}:WorkerCount: {options.WorkerCount} must be from 0 (twice the concurrent calls) to 1000"));
        }

        CheckPositiveSpan(options.PollInterval, TimeSpan.FromMinutes(1), $"{Section}:PollInterval", problems);
        CheckPositiveSpan(options.QueuePollInterval, TimeSpan.FromMinutes(1), $"{Section}:QueuePollInterval", problems);
    }

    private static IReadOnlyDictionary<DayOfWeek, IReadOnlyList<OpeningPeriod>>? ReadWindow(
        Dictionary<string, List<string>>? overlay,
        IReadOnlyDictionary<DayOfWeek, IReadOnlyList<OpeningPeriod>> basis,
        string key,
        List<string> problems)
    {
        var before = problems.Count;
        var week = new Dictionary<DayOfWeek, IReadOnlyList<OpeningPeriod>>(basis);
        foreach (var (dayName, entries) in overlay ?? [])
        {
            var dayKey = $"{key}:{dayName}";
            if (!TryDay(dayName, out var day))
            {
                problems.Add($"{dayKey}: '{dayName}' is not a day of the week; write Saturday, Sunday, Monday, Tuesday, Wednesday, Thursday or Friday");
                continue;
            }

            if (ReadDay(entries ?? [], dayKey, problems) is { } periods)
            {
                week[day] = periods;
            }
        }

        if (problems.Count > before)
        {
            return null;
        }

        foreach (var periods in week.Values)
        {
            if (periods.Count > 0)
            {
                return week;
            }
        }

        problems.Add($"{key}: no day has a calling period, so no call could ever be placed");
        return null;
    }

    private static List<OpeningPeriod>? ReadDay(List<string> entries, string dayKey, List<string> problems)
    {
        var periods = new List<OpeningPeriod>();
        var failed = false;
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            if (string.Equals(entry?.Trim(), HappyCallOptions.Closed, StringComparison.OrdinalIgnoreCase))
            {
                if (entries.Count > 1)
                {
                    problems.Add(Invariant($"{dayKey}:{i}: '{HappyCallOptions.Closed}' must be the day's only entry"));
                    failed = true;
                }

                continue;
            }

            if (!OpeningPeriod.TryParseList(entry, out var parsed, out var error))
            {
                problems.Add(Invariant($"{dayKey}:{i}: {error}"));
                failed = true;
                continue;
            }

            periods.AddRange(parsed);
        }

        if (failed)
        {
            return null;
        }

        periods.Sort(static (a, b) => a.Start.CompareTo(b.Start));
        for (var i = 1; i < periods.Count; i++)
        {
            var previous = periods[i - 1];
            if (previous.EndsAtMidnight || previous.End > periods[i].Start)
            {
                problems.Add($"{dayKey}: the periods {previous} and {periods[i]} overlap");
                return null;
            }
        }

        return periods;
    }

    private static List<DateOnly>? ReadHolidays(List<string>? texts, List<string> problems)
    {
        var holidays = new List<DateOnly>();
        var failed = false;
        texts ??= [];
        for (var i = 0; i < texts.Count; i++)
        {
            if (!HolidayDate.TryParseRange(texts[i], out var first, out var last, out var error))
            {
                problems.Add(Invariant($"{Section}:Holidays:{i}: {error}"));
                failed = true;
                continue;
            }

            for (var day = first; day <= last; day = day.AddDays(1))
            {
                holidays.Add(day);
            }
        }

        return failed ? null : holidays;
    }

    private static Dictionary<AttemptOutcome, TimeSpan>? ReadRetryAfter(
        Dictionary<string, TimeSpan>? overlay,
        IReadOnlyDictionary<AttemptOutcome, TimeSpan> basis,
        string key,
        List<string> problems)
    {
        var before = problems.Count;
        var delays = new Dictionary<AttemptOutcome, TimeSpan>(basis);
        foreach (var (name, delay) in overlay ?? [])
        {
            var outcomeKey = $"{key}:{name}";
            if (!TryRetried(name, out var outcome))
            {
                problems.Add($"{outcomeKey}: '{name}' is not an outcome that is retried; use Busy, NoAnswer, Failed, AnsweringMachine, Unfinished or Interrupted");
                continue;
            }

            if (CheckPositiveSpan(delay, s_maxDelay, outcomeKey, problems))
            {
                delays[outcome] = delay;
            }
        }

        return problems.Count > before ? null : delays;
    }

    private static void CheckSurveyId(string? surveyId, string key, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(surveyId))
        {
            problems.Add($"{key}: a survey id is required, such as after-service");
        }
    }

    private static void CheckDelay(TimeSpan delay, string key, List<string> problems) =>
        CheckSpan(delay, TimeSpan.Zero, s_maxDelay, key, problems);

    private static void CheckMaxAttempts(int value, string key, List<string> problems) => CheckInt(value, 1, 20, key, problems);

    private static void CheckCompletionRetries(int value, string key, List<string> problems) => CheckInt(value, 0, 5, key, problems);

    private static void CheckEscalationThreshold(int value, string key, List<string> problems) => CheckInt(value, 0, 10, key, problems);

    private static void CheckInt(int value, int min, int max, string key, List<string> problems)
    {
        if (value < min || value > max)
        {
            problems.Add(Invariant($"{key}: {value} must be from {min} to {max}"));
        }
    }

    private static void CheckSpan(TimeSpan value, TimeSpan min, TimeSpan max, string key, List<string> problems)
    {
        if (value < min || value > max)
        {
            problems.Add(Invariant($"{key}: {value} must be from {min} to {max}"));
        }
    }

    private static bool CheckPositiveSpan(TimeSpan value, TimeSpan max, string key, List<string> problems)
    {
        if (value <= TimeSpan.Zero || value > max)
        {
            problems.Add(Invariant($"{key}: {value} must be more than 00:00:00 and at most {max}"));
            return false;
        }

        return true;
    }

    private static bool TryDay(string name, out DayOfWeek day)
    {
        foreach (var candidate in s_days)
        {
            if (string.Equals(name.Trim(), candidate.ToString(), StringComparison.OrdinalIgnoreCase))
            {
                day = candidate;
                return true;
            }
        }

        day = default;
        return false;
    }

    private static bool TryRetried(string name, out AttemptOutcome outcome)
    {
        foreach (var candidate in s_retried)
        {
            if (string.Equals(name.Trim(), candidate.ToString(), StringComparison.OrdinalIgnoreCase))
            {
                outcome = candidate;
                return true;
            }
        }

        outcome = default;
        return false;
    }

    private static bool IsQueueName(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    private static List<OpeningPeriod> ParseDefault(string text) =>
        OpeningPeriod.TryParseList(text, out var periods, out var error)
            ? [.. periods]
            : throw new InvalidOperationException($"the built-in window '{text}' does not parse: {error}");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private sealed record ServiceTypeParts(
        HappyCallServiceTypeOptions Options,
        IReadOnlyDictionary<DayOfWeek, IReadOnlyList<OpeningPeriod>> Week,
        IReadOnlyDictionary<AttemptOutcome, TimeSpan> RetryAfter);
}
