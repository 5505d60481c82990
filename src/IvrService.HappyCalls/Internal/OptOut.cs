using IvrService.Storage;
using IvrService.Storage.HappyCalls;

namespace IvrService.HappyCalls.Internal;

/// <summary>What a survey run takes from the happy call's earlier attempts, and what an opt-out writes.</summary>
internal static class OptOut
{
    /// <summary>The do-not-call entry of a customer who pressed the opt-out key.</summary>
    public static DoNotCallEntry Entry(HappyCall call, TimeProvider time) =>
        new(call.Phone, $"opted out during the survey of service {call.ServiceId}", "survey", time.GetUtcNow());

    /// <summary>Questions (and the comment) answered on earlier attempts: a completion run skips them.</summary>
    public static IReadOnlyCollection<string> AnsweredBefore(HappyCall call) =>
        [.. call.Answers.Select(a => a.QuestionId), .. call.HasComment ? ["comment"] : Array.Empty<string>()];
}
