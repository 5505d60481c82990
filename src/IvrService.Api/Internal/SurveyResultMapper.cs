using Google.Protobuf.WellKnownTypes;
using IvrService.Api.V1;
using IvrService.Storage;
using IvrService.Storage.HappyCalls;
using ApiChange = IvrService.Api.V1.SurveyResultChange;
using ApiHappyCallState = IvrService.Api.V1.HappyCallState;
using ApiSurveyOutcome = IvrService.Api.V1.SurveyOutcome;
using StoredChange = IvrService.Storage.HappyCalls.SurveyResultChange;
using StoredState = IvrService.Storage.HappyCalls.HappyCallState;
using StoredOutcome = IvrService.Storage.HappyCalls.SurveyOutcome;

namespace IvrService.Api.Internal;

/// <summary>
/// The one place a stored happy call becomes the contract's <see cref="SurveyResult"/> (surveys.proto), and the
/// contract's states and outcomes become the stored ones and back.
/// </summary>
internal static class SurveyResultMapper
{
    public static SurveyResult ToApi(HappyCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var result = new SurveyResult
        {
            ResultId = Id(call.Id),
            ServiceId = call.ServiceId,
            CustomerId = call.CustomerId,
            Phone = call.Phone,
            TechnicianId = call.TechnicianId,
            TechnicianName = call.TechnicianName,
            ServiceType = call.ServiceType,
            SurveyId = call.SurveyId,
            SurveyVersion = call.SurveyVersion,
            Language = call.Language,
            State = ToApi(call.State),
            Outcome = ToApi(call.Outcome),
            Attempts = call.Attempts,
            Escalated = call.Escalated,
            HasComment = call.HasComment,
            CompletedAt = Timestamp.FromDateTimeOffset(call.CompletedAt),
            CreatedAt = Timestamp.FromDateTimeOffset(call.CreatedAt),
            UpdatedAt = Timestamp.FromDateTimeOffset(call.UpdatedAt),
        };
        foreach (var answer in call.Answers)
        {
            result.Answers.Add(ToApi(answer));
        }

        result.CallIds.AddRange(call.CallIds);
        return result;
    }

    /// <summary>A change as streamed, with the result after it (null when the result is no longer stored).</summary>
    public static ApiChange ToApi(StoredChange change, HappyCall? call)
    {
        ArgumentNullException.ThrowIfNull(change);
        var api = new ApiChange
        {
            Cursor = SurveyResultStreamCursor.Encode(change.Position),
            Kind = change.Created ? ChangeKind.Created : ChangeKind.Updated,
            ChangedAt = Timestamp.FromDateTimeOffset(change.ChangedAt),
        };
        if (call is not null)
        {
            api.Result = ToApi(call);
        }

        return api;
    }

    /// <summary>The id as the contract carries it (result_id, happy_call_id): the decimal number.</summary>
    public static string Id(long id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Reads an id given as result_id or happy_call_id: a positive decimal number.</summary>
    public static bool TryParseId(string text, out long id)
    {
        // long.TryParse takes trailing NUL characters; an id is digits only.
        id = 0;
        return text.Length is > 0 and <= 19 && text.All(char.IsAsciiDigit)
            && long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out id) && id > 0;
    }

    public static SurveyAnswer ToApi(SurveyAnswerRecord answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        return new SurveyAnswer
        {
            QuestionId = answer.QuestionId,
            Kind = answer.Kind switch
            {
                "rating" => QuestionKind.Rating,
                "yes_no" => QuestionKind.YesNo,
                "score" => QuestionKind.Score,
                "choice" => QuestionKind.Choice,
                _ => QuestionKind.Unspecified,
            },
            Value = answer.Value,
            ChoiceId = answer.ChoiceId ?? "",
            Digits = answer.Digits,
            Method = answer.Method switch
            {
                CallDigitMethod.Rfc4733 => DigitMethod.Rfc4733,
                CallDigitMethod.SipInfo => DigitMethod.SipInfo,
                CallDigitMethod.InBand => DigitMethod.InBand,
                _ => DigitMethod.Unspecified,
            },
            AnsweredAt = Timestamp.FromDateTimeOffset(answer.AnsweredAt),
        };
    }

    public static ApiHappyCallState ToApi(StoredState state) => state switch
    {
        StoredState.Pending => ApiHappyCallState.Pending,
        StoredState.InProgress => ApiHappyCallState.InProgress,
        StoredState.Finished => ApiHappyCallState.Finished,
        StoredState.Unreached => ApiHappyCallState.Unreached,
        StoredState.Cancelled => ApiHappyCallState.Cancelled,
        StoredState.DoNotCall => ApiHappyCallState.DoNotCall,
        _ => ApiHappyCallState.Unspecified,
    };

    public static ApiSurveyOutcome ToApi(StoredOutcome outcome) => outcome switch
    {
        StoredOutcome.Completed => ApiSurveyOutcome.Completed,
        StoredOutcome.Partial => ApiSurveyOutcome.Partial,
        StoredOutcome.OptedOut => ApiSurveyOutcome.OptedOut,
        StoredOutcome.Declined => ApiSurveyOutcome.Declined,
        StoredOutcome.Unreached => ApiSurveyOutcome.Unreached,
        StoredOutcome.Cancelled => ApiSurveyOutcome.Cancelled,
        StoredOutcome.DoNotCall => ApiSurveyOutcome.DoNotCall,
        _ => ApiSurveyOutcome.Unspecified,
    };

    /// <summary>A filter's outcome (defined and not UNSPECIFIED, checked by the caller) as stored.</summary>
    public static StoredOutcome ToStorage(ApiSurveyOutcome outcome) => outcome switch
    {
        ApiSurveyOutcome.Completed => StoredOutcome.Completed,
        ApiSurveyOutcome.Partial => StoredOutcome.Partial,
        ApiSurveyOutcome.OptedOut => StoredOutcome.OptedOut,
        ApiSurveyOutcome.Declined => StoredOutcome.Declined,
        ApiSurveyOutcome.Unreached => StoredOutcome.Unreached,
        ApiSurveyOutcome.Cancelled => StoredOutcome.Cancelled,
        ApiSurveyOutcome.DoNotCall => StoredOutcome.DoNotCall,
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, null),
    };
}
