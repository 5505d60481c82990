using IvrService.Storage.HappyCalls;
using IvrService.Storage.Internal;
using IvrService.Testing;

namespace IvrService.Storage.Tests.HappyCalls;

/// <summary>Happy calls and answers as the scheduler and the survey write them, for the store tests.</summary>
internal static class HappyCallSamples
{
    public static readonly DateTimeOffset CompletedAt = new(2025, 3, 1, 8, 0, 0, TimeSpan.Zero);

    public static NewHappyCall Service(
        string serviceId,
        string phone = "+989121234567",
        string technicianId = "tech-7",
        string serviceType = "washing_machine",
        DateTimeOffset? dueAt = null)
        => new(
            ServiceId: serviceId,
            CustomerId: $"customer-{serviceId}",
            Phone: phone,
            CustomerName: "مریم احمدی",
            Language: "fa",
            TechnicianId: technicianId,
            TechnicianName: "Reza",
            ServiceType: serviceType,
            CompletedAt: CompletedAt,
            TimeZone: "Asia/Tehran",
            SurveyId: "after-service",
            DueAt: dueAt ?? CompletedAt.AddHours(2));

    public static SurveyAnswerRecord Rating(string questionId, int value, DateTimeOffset answeredAt, int attempt = 1)
        => new(questionId, "rating", value, null, value.ToString(System.Globalization.CultureInfo.InvariantCulture),
            CallDigitMethod.Rfc4733, answeredAt, attempt);

    public static AttemptEnd Retry(long id, int attempt, AttemptOutcome outcome, DateTimeOffset endedAt, DateTimeOffset nextAt, long? callRecordId = null)
        => new(id, attempt, outcome, 486, callRecordId, endedAt, HappyCallState.Pending, SurveyOutcome.None, nextAt);

    public static AttemptEnd Finish(long id, int attempt, DateTimeOffset endedAt, long? callRecordId = null)
        => new(id, attempt, AttemptOutcome.Completed, 200, callRecordId, endedAt, HappyCallState.Finished, SurveyOutcome.Completed, null)
        {
            SurveyVersion = 3,
        };

    public static async Task<long> CallRecordAsync(NpgsqlCallRecordStore records, string callId, DateTimeOffset at)
        => await records.RecordOfferedAsync(
            new CallOffered(callId, CallDirection.Outbound, "sip:ivr@ivr.example.com", "sip:+989121234567@trunk.example.com",
                "ivr", "+989121234567", "127.0.0.1:5080", CallTransport.Udp, at, "host-a"),
            CancellationToken.None).WaitAsync(TestTimeouts.Default);
}
