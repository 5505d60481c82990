using IvrService.Flows;
using IvrService.Storage;
using IvrService.Storage.HappyCalls;
using Microsoft.Extensions.Logging;

namespace IvrService.HappyCalls.Internal;

/// <summary>Intake of completed services, test calls and cancellations (see <see cref="IHappyCallScheduler"/>).</summary>
internal sealed class HappyCallScheduler(
    IHappyCallStore store,
    HappyCallPolicyResolver policies,
    HappyCallJobs jobs,
    IDoNotCallList doNotCall,
    IFlowVersionStore flows,
    TimeProvider time,
    ILogger<HappyCallScheduler> logger) : IHappyCallScheduler
{
    private const int MaxTimeZoneLength = 64;

    /// <summary>Clocks of the CRM and ours may differ a little; a completion this far ahead is still accepted.</summary>
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    private static readonly string[] Languages = ["fa", "en"];

    public async Task<(HappyCall Call, bool Created)> ReportAsync(ServiceCompletion completion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(completion);
        var now = time.GetUtcNow();
        var (call, policy) = Validate(completion, now);
        var window = policy.WindowFor(call.TimeZone);
        var due = HappyCallTiming.FirstAttemptTime(policy, window, call.CompletedAt, now)
            ?? throw new ServiceCompletionException([("time_zone", $"the calling window of '{call.TimeZone}' never opens within a year")]);
        if (await flows.GetKindAsync(call.SurveyId, cancellationToken).ConfigureAwait(false) != DefinitionKind.Survey)
        {
            throw new ServiceCompletionException([(
                "survey_id",
                string.IsNullOrWhiteSpace(completion.SurveyId)
                    ? $"the survey configured for service type '{call.ServiceType}' ('{call.SurveyId}') is not stored"
                    : $"no survey '{call.SurveyId}' is stored")]);
        }

        return await CreateAsync(call with { DueAt = due }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<HappyCall> ReportTestAsync(TestCall test, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(test);
        var now = time.GetUtcNow();
        var completion = new ServiceCompletion(
            TestCall.ServiceIdPrefix + Guid.NewGuid().ToString("D"), TestCall.CustomerId, test.Phone, "", test.Language, "", "",
            TestCall.ServiceType, now, "", test.SurveyId);
        var (call, _) = Validate(completion, now);
        var problems = new List<(string Field, string Problem)>();
        if (await doNotCall.ContainsAsync(call.Phone, cancellationToken).ConfigureAwait(false))
        {
            problems.Add(("phone", $"{call.Phone} is on the do-not-call list; take it off the list to call it"));
        }

        if (await flows.GetKindAsync(call.SurveyId, cancellationToken).ConfigureAwait(false) != DefinitionKind.Survey)
        {
            problems.Add(("survey_id", $"no survey '{call.SurveyId}' is stored"));
        }

        if (problems.Count > 0)
        {
            throw new ServiceCompletionException(problems);
        }

        var (stored, _) = await CreateAsync(call with { DueAt = now }, cancellationToken).ConfigureAwait(false);
        return stored;
    }

    /// <summary>Writes the happy call and, when it is new, the job of its first attempt at its due time, in one transaction.</summary>
    private async Task<(HappyCall Call, bool Created)> CreateAsync(NewHappyCall call, CancellationToken cancellationToken)
    {
        using var scope = StorageTransaction.Begin();
        var (stored, created) = await store.CreateAsync(call, cancellationToken).ConfigureAwait(false);
        if (created)
        {
            var jobId = jobs.Schedule(stored.Id, 1, call.DueAt);
            await store.SetJobAsync(stored.Id, jobId, cancellationToken).ConfigureAwait(false);
            stored = stored with { JobId = jobId };
            HappyCallLog.Scheduled(logger, stored.Id, stored.ServiceId, call.DueAt, jobId);
        }

        scope.Complete();
        return (stored, created);
    }

    public async Task<CancelOutcome?> CancelAsync(long? happyCallId, string? serviceId, string reason, CancellationToken cancellationToken)
    {
        var outcome = await store.CancelAsync(happyCallId, serviceId, reason, cancellationToken).ConfigureAwait(false);
        if (outcome is not null)
        {
            HappyCallLog.Cancelled(
                logger, outcome.Call.Id, outcome.Call.ServiceId,
                outcome.Cancelled ? "cancelled" : outcome.Call.State == HappyCallState.InProgress ? "no attempt after the current one" : "already " + outcome.Call.State);
        }

        // A cancelled call's job finds it cancelled and does nothing; it is not worth a second write to delete it.
        return outcome;
    }

    private (NewHappyCall Call, HappyCallPolicy Policy) Validate(ServiceCompletion completion, DateTimeOffset now)
    {
        var problems = new List<(string Field, string Problem)>();
        var serviceId = Required(completion.ServiceId, "service_id", 128, problems);
        var customerId = Required(completion.CustomerId, "customer_id", 128, problems);
        var phone = "";
        if (string.IsNullOrWhiteSpace(completion.Phone))
        {
            problems.Add(("phone", "is required"));
        }
        else if (!PhoneNumbers.TryNormalize(completion.Phone, out phone, out var phoneProblem))
        {
            problems.Add(("phone", phoneProblem ?? "is not a phone number"));
        }

        var customerName = Optional(completion.CustomerName, "customer_name", 200, problems);
        var language = string.IsNullOrWhiteSpace(completion.Language) ? "fa" : completion.Language.Trim().ToLowerInvariant();
        if (!Languages.Contains(language))
        {
            problems.Add(("language", $"'{Shorten(completion.Language)}' is not one of {string.Join(", ", Languages)}"));
        }

        var technicianId = Optional(completion.TechnicianId, "technician_id", 128, problems);
        var technicianName = Optional(completion.TechnicianName, "technician_name", 200, problems);
        var serviceType = Optional(completion.ServiceType, "service_type", 64, problems);
        if (completion.CompletedAt == default)
        {
            problems.Add(("completed_at", "is required"));
        }
        else if (completion.CompletedAt > now + ClockSkew)
        {
            problems.Add(("completed_at", $"{completion.CompletedAt:o} is in the future"));
        }

        var policy = policies.For(serviceType);
        var timeZone = string.IsNullOrWhiteSpace(completion.TimeZone) ? policy.DefaultTimeZone.Id : completion.TimeZone.Trim();
        // Only IANA names are taken (TimeZoneInfo also finds Windows ids such as "Iran Standard Time").
        if (timeZone.Length > MaxTimeZoneLength || !policy.TryFindTimeZone(timeZone, out var zone)
            || (!string.IsNullOrWhiteSpace(completion.TimeZone) && !zone.HasIanaId))
        {
            problems.Add(("time_zone", $"'{Shorten(completion.TimeZone)}' is not an IANA time zone"));
        }

        var surveyId = string.IsNullOrWhiteSpace(completion.SurveyId) ? policy.SurveyId : completion.SurveyId.Trim();
        if (surveyId.Length > 64)
        {
            problems.Add(("survey_id", "is longer than 64 characters"));
        }
        else if (surveyId.Any(char.IsControl))
        {
            problems.Add(("survey_id", "must not contain control characters"));
        }

        if (problems.Count > 0)
        {
            throw new ServiceCompletionException(problems);
        }

        var call = new NewHappyCall(
            serviceId, customerId, phone, customerName, language, technicianId, technicianName, serviceType,
            completion.CompletedAt, timeZone, surveyId, now);
        return (call, policy);
    }

    private static string Required(string? value, string field, int maxLength, List<(string, string)> problems)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            problems.Add((field, "is required"));
            return "";
        }

        return Optional(value, field, maxLength, problems);
    }

    private static string Optional(string? value, string field, int maxLength, List<(string, string)> problems)
    {
        var trimmed = value?.Trim() ?? "";
        if (trimmed.Length > maxLength)
        {
            problems.Add((field, $"is longer than {maxLength} characters"));
        }
        else if (trimmed.Any(char.IsControl))
        {
            // Stored as PostgreSQL text, which holds no NUL; names and ids have no other control characters either.
            problems.Add((field, "must not contain control characters"));
        }

        return trimmed;
    }

    /// <summary>A given value as quoted in a problem: at most 40 characters (a problem travels in the status trailers).</summary>
    private static string Shorten(string? text) => text is null || text.Length <= 40 ? text ?? "" : text[..40] + "…";
}
