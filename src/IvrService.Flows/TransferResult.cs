namespace IvrService.Flows;

/// <summary>
/// How a transfer went: <see cref="Succeeded"/> when the REFER was accepted (or the bridged leg answered),
/// with the SIP status that decided it and a short reason for the call record.
/// </summary>
public sealed record TransferResult(bool Succeeded, int? SipStatus, string Detail);
