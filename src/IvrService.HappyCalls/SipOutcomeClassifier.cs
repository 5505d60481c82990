using IvrService.HappyCalls.Internal;
using IvrService.Storage.HappyCalls;

namespace IvrService.HappyCalls;

/// <summary>
/// Maps how an unanswered outbound INVITE ended to an <see cref="AttemptOutcome"/> (meanings from RFC 3261 §21,
/// RFC 8197 for 607). The first matching row of the table wins:
/// <list type="table">
/// <listheader><term>final status</term><description>before ringing / after ringing</description></listheader>
/// <item><term>any, when we cancelled at the ring timeout</term><description>NoAnswer / NoAnswer</description></item>
/// <item><term>0 (no final response: transaction timeout, transport error)</term><description>Failed / Failed</description></item>
/// <item><term>408 Request Timeout, 480 Temporarily Unavailable</term><description>NoAnswer / NoAnswer</description></item>
/// <item><term>486 Busy Here, 600 Busy Everywhere</term><description>Busy / Declined</description></item>
/// <item><term>487 Request Terminated (not by us)</term><description>Failed / NoAnswer</description></item>
/// <item><term>603 Decline, 607 Unwanted</term><description>Declined / Declined</description></item>
/// <item><term>any other 3xx–6xx (404, 410, 484, 5xx, 604, 608…)</term><description>Failed / Failed</description></item>
/// </list>
/// "Rang" means the callee's device was alerting: a 180 Ringing arrived. A 183 Session Progress alone does not prove
/// it (networks send 183 with an announcement before a busy or unreachable tone), so the dialer should count a 183
/// only when it has reason to. 2xx is an answered call and is not classified here.
/// </summary>
public static class SipOutcomeClassifier
{
    /// <summary>Status given when no final response arrived (transaction timeout, transport error).</summary>
    public const int NoResponse = 0;

    private static readonly SipOutcomeRule[] s_rules =
    [
        new(NoResponse, NoResponse, AttemptOutcome.Failed, AttemptOutcome.Failed, "no final response: the trunk or the network did not answer"),
        new(408, 408, AttemptOutcome.NoAnswer, AttemptOutcome.NoAnswer, "408 Request Timeout: the callee could not be reached in time; worth another try"),
        new(480, 480, AttemptOutcome.NoAnswer, AttemptOutcome.NoAnswer, "480 Temporarily Unavailable: the callee's device was reached but the user is not available now"),
        new(486, 486, AttemptOutcome.Busy, AttemptOutcome.Declined, "486 Busy Here: busy when it comes at once; after alerting, the user pressed reject"),
        new(487, 487, AttemptOutcome.Failed, AttemptOutcome.NoAnswer, "487 Request Terminated by someone else: after alerting the network gave up ringing"),
        new(600, 600, AttemptOutcome.Busy, AttemptOutcome.Declined, "600 Busy Everywhere: busy when it comes at once; after alerting, the user rejected"),
        new(603, 603, AttemptOutcome.Declined, AttemptOutcome.Declined, "603 Decline: the user explicitly does not wish to take the call, with or without alerting"),
        new(607, 607, AttemptOutcome.Declined, AttemptOutcome.Declined, "607 Unwanted: the called party does not want calls from us"),
        new(300, 699, AttemptOutcome.Failed, AttemptOutcome.Failed, "any other redirection or failure: wrong or gone number, server or network failure"),
    ];

    /// <summary>Classifies an outbound call that ended without being answered.</summary>
    /// <param name="finalStatus">The INVITE's final status (300–699), or <see cref="NoResponse"/>.</param>
    /// <param name="rang">A 180 Ringing arrived before the final response.</param>
    /// <param name="cancelledByUs">We sent CANCEL because the ring timeout passed (the final status is then 487, or whatever crossed the CANCEL).</param>
    /// <exception cref="ArgumentOutOfRangeException">A 1xx or 2xx status, or one outside 100–699.</exception>
    public static AttemptOutcome Classify(int finalStatus, bool rang, bool cancelledByUs)
    {
        if (finalStatus != NoResponse && finalStatus is < 300 or > 699)
        {
            throw new ArgumentOutOfRangeException(
                nameof(finalStatus),
                finalStatus,
                finalStatus is >= 200 and < 300
                    ? $"{finalStatus} answered the call; classify the conversation instead"
                    : $"{finalStatus} is not a final failure status (300-699) or {NoResponse} for no response");
        }

        if (cancelledByUs)
        {
            return AttemptOutcome.NoAnswer;
        }

        var rule = RuleFor(finalStatus);
        return rang ? rule.AfterRinging : rule.BeforeRinging;
    }

    /// <summary>The meaning of a final status as the table reads it, for logs.</summary>
    public static string Describe(int finalStatus) =>
        finalStatus == NoResponse || finalStatus is >= 300 and <= 699 ? RuleFor(finalStatus).Meaning : $"{finalStatus} is not a final failure status";

    private static SipOutcomeRule RuleFor(int finalStatus)
    {
        foreach (var rule in s_rules)
        {
            if (rule.Matches(finalStatus))
            {
                return rule;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(finalStatus), finalStatus, "no rule covers this status");
    }
}
