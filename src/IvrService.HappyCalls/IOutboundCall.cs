using IvrService.Flows;
using IvrService.Storage;
using IvrService.Storage.HappyCalls;

namespace IvrService.HappyCalls;

/// <summary>
/// A placed outbound call: either not answered (<see cref="Failure"/> tells why) or answered with a call port the
/// survey runs on. Disposing hangs up if the call is still up and writes its call record.
/// </summary>
public interface IOutboundCall : IAsyncDisposable
{
    /// <summary>Null when answered by someone (or something) that passed detection; else why the attempt failed.</summary>
    AttemptOutcome? Failure { get; }

    /// <summary>The final SIP status of the INVITE (200 when answered), null when nothing was received.</summary>
    int? SipStatus { get; }

    /// <summary>Why detection called it a machine, or why the call failed, for the log and the attempt row.</summary>
    string? Detail { get; }

    /// <summary>The answered call; null when <see cref="Failure"/> is set.</summary>
    ICallPort? Port { get; }

    /// <summary>
    /// The key the far end pressed while the answer was screened for a machine: it ended the screening as a person.
    /// It was taken off the call's keys (the port does not read it again); null when none was pressed or no
    /// screening ran.
    /// </summary>
    char? ScreeningKey { get; }

    /// <summary>The call record's id once written (set on answer or failure); null when no INVITE left us.</summary>
    long? CallRecordId { get; }

    /// <summary>
    /// Cancelled when the call ends, whoever ends it (the customer's BYE, the media timeout, the host stopping, our
    /// own hang-up). It is the call's own token, not a link to it: by the time a port operation fails because the
    /// call ended, this token already says so.
    /// </summary>
    CancellationToken CallEnded { get; }

    /// <summary>How the digits of the call reached us, newest last (the survey journal stores it with each answer).</summary>
    CallDigitMethod LastDigitMethod { get; }

    /// <summary>Hangs up (BYE) when still up, ends media and writes the call record with <paramref name="outcome"/>.</summary>
    Task HangUpAsync(string outcome, CancellationToken cancellationToken);
}
