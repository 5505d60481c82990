namespace IvrService.Flows;

public enum TransferMode
{
    /// <summary>Blind transfer: a SIP REFER asks the caller's side to call the destination.</summary>
    Refer,

    /// <summary>A new outbound leg to the destination, bridged to the caller.</summary>
    Bridge,
}

/// <summary>Transfer the caller to a SIP URI (already checked against the allow-list).</summary>
public sealed record TransferRequest(string Destination, TransferMode Mode, TimeSpan RingTimeout);
