using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using IvrService.Api.V1;
using IvrService.HappyCalls;
using IvrService.Storage;

namespace IvrService.Api.Internal;

/// <summary>The Admin service's test survey calls: a synthetic completed service due now, audited with the number called.</summary>
internal sealed partial class AdminService
{
    private const int MaxTestFieldLength = 64;

    public override async Task<PlaceTestCallResponse> PlaceTestCall(PlaceTestCallRequest request, ServerCallContext context)
    {
        var violations = new FieldViolations();
        if (request.Phone.Trim().Length == 0)
        {
            violations.Add("phone", "must be given (E.164 or a national Iranian number)");
        }

        foreach (var (value, field) in new[] { (request.Phone, "phone"), (request.SurveyId, "survey_id"), (request.Language, "language") })
        {
            if (value.Length > MaxTestFieldLength || value.Any(char.IsControl))
            {
                violations.Add(field, $"must be at most {MaxTestFieldLength} characters without control characters");
            }
        }

        violations.ThrowIfAny();

        var caller = Caller(context);
        Storage.HappyCalls.HappyCall call;
        try
        {
            call = await _scheduler.ReportTestAsync(new TestCall(request.Phone, request.SurveyId, request.Language), context.CancellationToken)
                .ConfigureAwait(false);
        }
        catch (ServiceCompletionException problems)
        {
            var rejected = new FieldViolations();
            foreach (var (field, problem) in problems.Problems)
            {
                rejected.Add(field, problem);
            }

            rejected.ThrowIfAny();
            throw;
        }

        var id = call.Id.ToString(CultureInfo.InvariantCulture);
        await _audit.AppendAsync(
            new AdminAuditEntry(_time.GetUtcNow(), caller.Name, ScopeText(caller.Scope), "test_call_placed", call.Phone, null,
                $"happy call {id}, service {call.ServiceId}, survey {call.SurveyId}, language {call.Language}"),
            context.CancellationToken).ConfigureAwait(false);
        ApiLog.TestCallPlaced(_logger, call.Id, call.ServiceId, call.Phone, call.SurveyId, caller.Name);
        return new PlaceTestCallResponse
        {
            HappyCallId = id,
            ServiceId = call.ServiceId,
            Phone = call.Phone,
            SurveyId = call.SurveyId,
            DueAt = Timestamp.FromDateTimeOffset(call.NextAttemptAt ?? _time.GetUtcNow()),
        };
    }
}
