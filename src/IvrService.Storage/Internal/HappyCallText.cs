using IvrService.Storage.HappyCalls;

namespace IvrService.Storage.Internal;

/// <summary>The text stored for the happy-call enums (snake_case, matching the CHECK constraints of 0006).</summary>
internal static class HappyCallText
{
    public static string From(HappyCallState value) => value switch
    {
        HappyCallState.Pending => "pending",
        HappyCallState.InProgress => "in_progress",
        HappyCallState.Finished => "finished",
        HappyCallState.Unreached => "unreached",
        HappyCallState.Cancelled => "cancelled",
        HappyCallState.DoNotCall => "do_not_call",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, null),
    };

    public static HappyCallState ToState(string text) => text switch
    {
        "pending" => HappyCallState.Pending,
        "in_progress" => HappyCallState.InProgress,
        "finished" => HappyCallState.Finished,
        "unreached" => HappyCallState.Unreached,
        "cancelled" => HappyCallState.Cancelled,
        "do_not_call" => HappyCallState.DoNotCall,
        _ => throw new InvalidDataException($"Unknown happy call state '{text}'."),
    };

    public static string From(SurveyOutcome value) => value switch
    {
        SurveyOutcome.None => "none",
        SurveyOutcome.Completed => "completed",
        SurveyOutcome.Partial => "partial",
        SurveyOutcome.OptedOut => "opted_out",
        SurveyOutcome.Declined => "declined",
        SurveyOutcome.Unreached => "unreached",
        SurveyOutcome.Cancelled => "cancelled",
        SurveyOutcome.DoNotCall => "do_not_call",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, null),
    };

    public static SurveyOutcome ToOutcome(string text) => text switch
    {
        "none" => SurveyOutcome.None,
        "completed" => SurveyOutcome.Completed,
        "partial" => SurveyOutcome.Partial,
        "opted_out" => SurveyOutcome.OptedOut,
        "declined" => SurveyOutcome.Declined,
        "unreached" => SurveyOutcome.Unreached,
        "cancelled" => SurveyOutcome.Cancelled,
        "do_not_call" => SurveyOutcome.DoNotCall,
        _ => throw new InvalidDataException($"Unknown survey outcome '{text}'."),
    };

    public static string From(AttemptOutcome value) => value switch
    {
        AttemptOutcome.Busy => "busy",
        AttemptOutcome.NoAnswer => "no_answer",
        AttemptOutcome.Failed => "failed",
        AttemptOutcome.AnsweringMachine => "answering_machine",
        AttemptOutcome.Declined => "declined",
        AttemptOutcome.Unfinished => "unfinished",
        AttemptOutcome.OptedOut => "opted_out",
        AttemptOutcome.Completed => "completed",
        AttemptOutcome.DoNotCall => "do_not_call",
        AttemptOutcome.Interrupted => "interrupted",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, null),
    };

    public static AttemptOutcome ToAttemptOutcome(string text) => text switch
    {
        "busy" => AttemptOutcome.Busy,
        "no_answer" => AttemptOutcome.NoAnswer,
        "failed" => AttemptOutcome.Failed,
        "answering_machine" => AttemptOutcome.AnsweringMachine,
        "declined" => AttemptOutcome.Declined,
        "unfinished" => AttemptOutcome.Unfinished,
        "opted_out" => AttemptOutcome.OptedOut,
        "completed" => AttemptOutcome.Completed,
        "do_not_call" => AttemptOutcome.DoNotCall,
        "interrupted" => AttemptOutcome.Interrupted,
        _ => throw new InvalidDataException($"Unknown attempt outcome '{text}'."),
    };
}
