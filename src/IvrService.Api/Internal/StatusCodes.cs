using IvrService.Api.V1;

namespace IvrService.Api.Internal;

/// <summary>
/// The status codes stored for service requests: the follow-up menu speaks the prompt <c>status.&lt;code&gt;</c>
/// (prompts/&lt;lang&gt;/prompts.yaml), so each value of <see cref="ServiceRequestStatus"/> maps to a code with a prompt.
/// </summary>
internal static class StatusCodes
{
    public static string ToCode(ServiceRequestStatus status) => status switch
    {
        ServiceRequestStatus.Registered => "registered",
        ServiceRequestStatus.Scheduled => "scheduled",
        ServiceRequestStatus.InProgress => "in_progress",
        ServiceRequestStatus.WaitingForParts => "waiting_parts",
        ServiceRequestStatus.Completed => "completed",
        ServiceRequestStatus.Cancelled => "cancelled",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    /// <summary>The value of a stored code; unspecified for a code written by other means that has no value.</summary>
    public static ServiceRequestStatus FromCode(string code) => code switch
    {
        "registered" => ServiceRequestStatus.Registered,
        "scheduled" => ServiceRequestStatus.Scheduled,
        "in_progress" => ServiceRequestStatus.InProgress,
        "waiting_parts" => ServiceRequestStatus.WaitingForParts,
        "completed" => ServiceRequestStatus.Completed,
        "cancelled" => ServiceRequestStatus.Cancelled,
        _ => ServiceRequestStatus.Unspecified,
    };
}
