using IvrService.Storage;
using IvrService.Storage.HappyCalls;
using IvrService.Testing;

namespace IvrService.Api.Tests;

/// <summary>
/// Writes happy calls and their surveys through the product's own store, as intake and the attempts do: created,
/// claimed, answered, ended.
/// </summary>
internal static class SurveySeeds
{
    /// <summary>A unique technician id so that each test lists only its own results.</summary>
    public static string NewTechnician() => "t-" + Guid.NewGuid().ToString("N")[..12];

    public static string NewServiceId() => "svc-" + Guid.NewGuid().ToString("N");

    public static async Task<HappyCall> CreateAsync(
        IHappyCallStore store, string technicianId, string serviceType = "repair", string? serviceId = null)
    {
        var now = DateTimeOffset.UtcNow;
        var (call, _) = await store.CreateAsync(
            new NewHappyCall(
                serviceId ?? NewServiceId(), "c-42", "+989121234567", "Sara Karimi", "en", technicianId, "Reza Ahmadi", serviceType,
                now.AddHours(-1), "Asia/Tehran", "after-service", now.AddDays(1)),
            CancellationToken.None).WaitAsync(TestTimeouts.Default);
        return call;
    }

    /// <summary>Runs one attempt that answers <paramref name="answers"/> and ends the survey with <paramref name="outcome"/>.</summary>
    public static async Task<HappyCall> FinishAsync(
        IHappyCallStore store, HappyCall call, SurveyOutcome outcome, long? callRecordId, params (SurveyAnswerRecord Answer, bool Escalates)[] answers)
    {
        var claim = await store.ClaimAttemptAsync(call.Id, call.Attempts + 1, "test-instance", CancellationToken.None).WaitAsync(TestTimeouts.Default)
            ?? throw new InvalidOperationException($"happy call {call.Id} could not be claimed");
        foreach (var (answer, escalates) in answers)
        {
            await store.AddAnswerAsync(call.Id, answer with { Attempt = claim.Attempt }, escalates, CancellationToken.None).WaitAsync(TestTimeouts.Default);
        }

        var state = outcome == SurveyOutcome.Unreached ? HappyCallState.Unreached : HappyCallState.Finished;
        var attemptOutcome = outcome switch
        {
            SurveyOutcome.Completed => AttemptOutcome.Completed,
            SurveyOutcome.Partial => AttemptOutcome.Unfinished,
            SurveyOutcome.OptedOut => AttemptOutcome.OptedOut,
            SurveyOutcome.Declined => AttemptOutcome.Declined,
            _ => AttemptOutcome.NoAnswer,
        };
        var ended = await store.EndAttemptAsync(
            new AttemptEnd(call.Id, claim.Attempt, attemptOutcome, 200, callRecordId, DateTimeOffset.UtcNow, state, outcome, null) { SurveyVersion = 1 },
            CancellationToken.None).WaitAsync(TestTimeouts.Default);
        Assert.NotNull(ended);
        return (await store.GetAsync(call.Id, CancellationToken.None).WaitAsync(TestTimeouts.Default))!;
    }

    public static SurveyAnswerRecord Rating(string questionId, int value, CallDigitMethod method = CallDigitMethod.Rfc4733) =>
        new(questionId, "rating", value, null, value.ToString(System.Globalization.CultureInfo.InvariantCulture), method, DateTimeOffset.UtcNow, 1);
}
